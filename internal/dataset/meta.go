package dataset

// Meta is the content of dataset.json.
type Meta struct {
	ID           string               `json:"id"`
	Title        string               `json:"title"`
	TitleZh      string               `json:"title_zh,omitempty"` // the title in Chinese, for the viewer
	Description  string               `json:"description"`
	License      License              `json:"license"`
	Attribution  string               `json:"attribution"`
	Start        string               `json:"start"`
	End          string               `json:"end"`
	View         View                 `json:"view"`
	Region       []float64            `json:"region,omitempty"`
	Polities     []Polity             `json:"polities"`
	Collections  []CollectionMeta     `json:"collections"`
	Bibliography map[string]Reference `json:"bibliography"`
	// Eras are the reign eras by which sources date events, for labelling
	// years.
	Eras []Era `json:"eras,omitempty"`
}

// Era is a reign era of a polity.
type Era struct {
	Polity string `json:"polity"`
	Name   string `json:"name"`
	NameZh string `json:"name_zh,omitempty"`
	Start  string `json:"start"`
	End    string `json:"end"`
}

// License names the dataset's licence.
type License struct {
	Name string `json:"name"`
	URL  string `json:"url,omitempty"`
}

// View is the map view a reader first sees.
type View struct {
	Year int     `json:"year"`
	Lon  float64 `json:"lon"`
	Lat  float64 `json:"lat"`
	Zoom float64 `json:"zoom"`
}

// Polity is a state or people that holds territory.
type Polity struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	NameZh      string `json:"name_zh,omitempty"`
	Color       string `json:"color"`
	Start       string `json:"start,omitempty"`
	End         string `json:"end,omitempty"`
	Description string `json:"description,omitempty"`
}

// CollectionMeta describes one collection and the file that holds it.
type CollectionMeta struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Description string `json:"description,omitempty"`
	File        string `json:"file"`
}

// Reference is one entry of the bibliography, which features name in
// their sources property.
type Reference struct {
	Author    string `json:"author"`
	Title     string `json:"title"`
	Publisher string `json:"publisher,omitempty"`
	Year      int    `json:"year,omitempty"`
	Pages     string `json:"pages,omitempty"`
	URL       string `json:"url,omitempty"`
	Note      string `json:"note,omitempty"`
}
