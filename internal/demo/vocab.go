package demo

import "github.com/trellis-community/trellis/internal/members"

// topics are what research software people know and care about. The
// first ones are the community's core and come up most often.
var topics = []string{
	"research software engineering", "reproducibility", "Python", "data management", "open science",
	"FAIR data", "R", "machine learning", "HPC", "teaching", "Julia", "bioinformatics",
	"climate modelling", "software testing", "continuous integration", "containers",
	"workflow management", "GPU computing", "statistics", "data visualisation", "metadata",
	"software citation", "digital humanities", "geospatial analysis", "image analysis",
	"natural language processing", "databases", "cloud computing", "packaging", "documentation",
	"version control", "Jupyter", "genomics", "neuroscience", "astronomy",
	"computational chemistry", "epidemiology", "C++", "Fortran", "Rust", "deep learning",
	"accessibility", "open source licensing", "research data management", "social science methods",
}

// topicWeights favour the core topics: the first few are several times as
// common as the last.
var topicWeights = func() []float64 {
	w := make([]float64, len(topics))
	for i := range w {
		w[i] = 1 / (1 + float64(i)/6)
	}
	return w
}()

// interestOnly are things members are interested in without claiming
// expertise.
var interestOnly = []string{
	"career paths for RSEs", "diversity and inclusion", "research funding", "software sustainability",
	"citizen science", "green computing", "training design", "community building", "mentoring",
	"open hardware", "research policy",
}

// Tags the community uses on member records.
const (
	tagECR        = "ecr-network"
	tagMentor     = "mentor"
	tagSpeaker    = "speaker"
	tagTrainer    = "trainer"
	tagSteering   = "steering-committee"
	tagGroupLead  = "working-group-lead"
	tagNewsletter = "newsletter-contributor"
)

// stages are the career stages with their share of the community: early
// career the largest group, as in most research software communities.
var (
	stages       = []members.CareerStage{members.StageStudent, members.StageEarlyCareer, members.StageMidCareer, members.StageSenior, members.StageNonAcademic, members.StageUnknown}
	stageWeights = []float64{15, 34, 24, 12, 13, 2}
)

// jobTitles by career stage, and for non-academics by the kind of place.
var (
	academicTitles = map[members.CareerStage][]string{
		members.StageStudent:     {"PhD candidate", "Doctoral researcher", "MSc student", "PhD student", "Research assistant"},
		members.StageEarlyCareer: {"Postdoctoral researcher", "Research software engineer", "Research fellow", "Data scientist", "Lecturer", "Research data steward", "Junior group leader"},
		members.StageMidCareer:   {"Senior research software engineer", "Associate professor", "Group leader", "Research data manager", "Senior lecturer", "Lead research software engineer", "Staff scientist"},
		members.StageSenior:      {"Professor", "Head of Research Computing", "Director of Digital Research Infrastructure", "Principal investigator", "Head of the Research Software Group"},
		members.StageUnknown:     {""},
	}
	orgTitles = map[orgKind][]string{
		funder:    {"Programme officer", "Programme manager", "Head of Open Research", "Grants manager"},
		company:   {"Data engineer", "Developer advocate", "Machine learning engineer", "Product manager", "Solutions architect"},
		nonprofit: {"Community manager", "Training coordinator", "Executive director", "Policy officer", "Programme lead"},
	}
)

// sources say how people came to the community.
var (
	sources       = []string{"workshop", "conference", "referral", "website signup", "hackathon", "newsletter", "summer school", "community call"}
	sourceWeights = []float64{22, 18, 18, 20, 8, 6, 5, 3}
)

// events are the community's programme, named in interactions and notes.
var events = []string{
	"the spring hackathon", "RSECon", "the FAIR data workshop", "the summer school",
	"the October community call", "the reproducibility sprint", "the Open Science Fair",
	"the HPC Carpentry workshop", "the packaging bootcamp", "the ECR network meetup",
}

// Stakeholder groups: the five every Trellis has, and the one the demo
// community adds.
const (
	groupLeadership = "Leadership"
	groupFunders    = "Funders"
	groupChampions  = "Champions"
	groupPartners   = "Partners"
	groupAdvisory   = "Advisory board"
	groupWGLeads    = "Working group leads"
)
