package demo

import "strings"

// A culture is a naming tradition: the given and family names people from
// it carry, how a full name is put together, and the language they may
// speak at home. Entries may carry the name in its own script after a "|"
// ("Jing|静"), and family names a female form after a "~"
// ("Kamiński~Kamińska"); see nameEntry.
type culture struct {
	key       string
	languages []string // heritage languages; one is picked per person
	female    []string
	male      []string
	family    []string
	// middleF and middleM are middle names every person has (Vietnamese
	// Thị and Văn).
	middleF, middleM []string
	familyFirst      bool    // the name is written family name first
	twoFamilies      float64 // chance of two family names (Spanish, Portuguese)
	// scriptFamilyFirst and scriptSep say how a name in the culture's own
	// script is written: Chinese and Korean as 陈静 and 김지우, Japanese as
	// 田中 由紀, and others given name first with a space.
	scriptFamilyFirst bool
	scriptSep         string
}

// nameEntry splits an entry into its Latin form and its form in the
// culture's own script ("" when it has none), picking the female form of a
// family name when there is one.
func nameEntry(s string, female bool) (latin, script string) {
	latin, script, _ = strings.Cut(s, "|")
	return gendered(latin, female), gendered(script, female)
}

func gendered(s string, female bool) string {
	m, f, ok := strings.Cut(s, "~")
	if ok && female {
		return f
	}
	return m
}

var cultures = []culture{
	{key: "anglo",
		female: []string{"Emily", "Sarah", "Hannah", "Grace", "Olivia", "Charlotte", "Megan", "Rebecca", "Eleanor", "Siobhan", "Aoife", "Katherine", "Elizabeth"},
		male:   []string{"James", "Oliver", "Daniel", "Samuel", "Matthew", "Thomas", "Liam", "Callum", "Rhys", "Eoin", "William", "Benjamin"},
		family: []string{"Smith", "Johnson", "Williams", "Brown", "Taylor", "Wilson", "Thompson", "Walker", "Robinson", "Clarke", "Murphy", "O'Brien", "Campbell", "MacDonald", "Evans", "Hughes", "Kelly", "Bennett"}},
	{key: "german", languages: []string{"German"},
		female: []string{"Anna", "Lena", "Katharina", "Sophie", "Jana", "Miriam", "Friederike", "Lea", "Hanna"},
		male:   []string{"Lukas", "Jonas", "Felix", "Matthias", "Tobias", "Jürgen", "Stefan", "Maximilian", "Florian"},
		family: []string{"Müller", "Schneider", "Fischer", "Weber", "Becker", "Hoffmann", "Schäfer", "Koch", "Richter", "Wagner", "Krüger", "Schröder", "Neumann", "Zimmermann", "Groß", "Weiß"}},
	{key: "dutch", languages: []string{"Dutch"},
		female: []string{"Sanne", "Femke", "Anouk", "Lotte", "Maartje", "Eline"},
		male:   []string{"Daan", "Joost", "Bram", "Sjoerd", "Pieter", "Thijs"},
		family: []string{"de Vries", "van den Berg", "Jansen", "Bakker", "Visser", "de Jong", "van Dijk", "Smit", "Meijer", "de Boer"}},
	{key: "nordic", languages: []string{"Swedish", "Danish", "Norwegian", "Finnish"},
		female: []string{"Ingrid", "Astrid", "Sigrid", "Freya", "Maja", "Elin", "Linnéa", "Aino"},
		male:   []string{"Bjørn", "Lars", "Mikkel", "Eero", "Sven", "Anders", "Jussi", "Håkon"},
		family: []string{"Andersson", "Johansson", "Nielsen", "Hansen", "Virtanen", "Lindqvist", "Søndergaard", "Eriksen", "Håkansson", "Korhonen", "Bergström"}},
	{key: "french", languages: []string{"French"},
		female: []string{"Camille", "Élise", "Chloé", "Océane", "Manon", "Inès", "Juliette", "Anaïs"},
		male:   []string{"Théo", "Mathieu", "Étienne", "Raphaël", "Hugo", "Antoine", "Benoît", "François"},
		family: []string{"Dubois", "Lefèvre", "Moreau", "Girard", "Rousseau", "Fontaine", "Mercier", "Laurent", "Bonnet", "Lemaire", "Chevalier"}},
	{key: "italian", languages: []string{"Italian"},
		female: []string{"Giulia", "Chiara", "Francesca", "Alessia", "Martina", "Federica"},
		male:   []string{"Lorenzo", "Matteo", "Giuseppe", "Alessandro", "Davide", "Niccolò"},
		family: []string{"Rossi", "Bianchi", "Ricci", "Esposito", "Romano", "Colombo", "Gallo", "Conti", "De Luca", "Mancini"}},
	{key: "spanish", languages: []string{"Spanish"}, twoFamilies: 0.5,
		female: []string{"María José", "Lucía", "Sofía", "Valentina", "Camila", "Paula", "Ximena", "Daniela", "Mónica"},
		male:   []string{"Alejandro", "Mateo", "Joaquín", "Diego", "Tomás", "Andrés", "Sebastián", "Santiago", "Iñaki"},
		family: []string{"García", "Rodríguez", "Martínez", "López", "González", "Hernández", "Pérez", "Sánchez", "Ramírez", "Torres", "Flores", "Gutiérrez", "Muñoz", "Díaz", "Rojas", "Vargas", "Castillo", "Jiménez", "Ibáñez"}},
	{key: "portuguese", languages: []string{"Portuguese"}, twoFamilies: 0.5,
		female: []string{"Ana Clara", "Beatriz", "Inês", "Mariana", "Larissa", "Fernanda", "Conceição"},
		male:   []string{"João Pedro", "Gabriel", "Rafael", "Thiago", "Lucas", "Gonçalo", "Caio"},
		family: []string{"Silva", "Santos", "Oliveira", "Pereira", "Costa", "Rodrigues", "Almeida", "Souza", "Carvalho", "Gonçalves", "Araújo", "Magalhães"}},
	{key: "polish", languages: []string{"Polish"},
		female: []string{"Agnieszka", "Katarzyna", "Zofia", "Małgorzata", "Joanna", "Alicja"},
		male:   []string{"Łukasz", "Piotr", "Tomasz", "Jakub", "Michał", "Paweł"},
		family: []string{"Nowak", "Wójcik", "Kowalczyk", "Mazur", "Kamiński~Kamińska", "Wiśniewski~Wiśniewska", "Lewandowski~Lewandowska", "Zieliński~Zielińska"}},
	{key: "ukrainian", languages: []string{"Ukrainian"},
		female:    []string{"Olena|Олена", "Iryna|Ірина", "Oksana|Оксана", "Kateryna|Катерина", "Yuliia|Юлія"},
		male:      []string{"Mykola|Микола", "Andriy|Андрій", "Oleksandr|Олександр", "Taras|Тарас", "Dmytro|Дмитро"},
		family:    []string{"Kovalenko|Коваленко", "Shevchenko|Шевченко", "Bondarenko|Бондаренко", "Tkachenko|Ткаченко", "Melnyk|Мельник", "Kravchenko|Кравченко"},
		scriptSep: " "},
	{key: "greek", languages: []string{"Greek"},
		female: []string{"Eleni|Ελένη", "Maria|Μαρία", "Dimitra|Δήμητρα", "Katerina|Κατερίνα", "Sofia|Σοφία"},
		male:   []string{"Nikos|Νίκος", "Giorgos|Γιώργος", "Yannis|Γιάννης", "Kostas|Κώστας", "Dimitris|Δημήτρης"},
		family: []string{"Papadopoulos~Papadopoulou|Παπαδόπουλος~Παπαδοπούλου", "Nikolaidis~Nikolaidou|Νικολαΐδης~Νικολαΐδου",
			"Georgiou|Γεωργίου", "Konstantinidis~Konstantinidou|Κωνσταντινίδης~Κωνσταντινίδου", "Vlachos~Vlachou|Βλάχος~Βλάχου", "Oikonomou|Οικονόμου"},
		scriptSep: " "},
	{key: "turkish", languages: []string{"Turkish"},
		female: []string{"Zeynep", "Elif", "Ayşe", "Merve", "Selin", "Gülşen"},
		male:   []string{"Mehmet", "Emre", "Burak", "Can", "Oğuz", "İlker"},
		family: []string{"Yılmaz", "Kaya", "Demir", "Çelik", "Şahin", "Öztürk", "Aydın", "Arslan"}},
	{key: "arabic", languages: []string{"Arabic"},
		female:    []string{"Layla|ليلى", "Nour|نور", "Fatima|فاطمة", "Yasmin|ياسمين", "Rania|رانيا", "Salma|سلمى", "Mariam|مريم"},
		male:      []string{"Omar|عمر", "Karim|كريم", "Youssef|يوسف", "Tariq|طارق", "Hassan|حسن", "Khaled|خالد", "Ahmed|أحمد"},
		family:    []string{"Haddad|حداد", "Khalil|خليل", "Mansour|منصور", "Saleh|صالح", "Nasser|ناصر", "El-Sayed|السيد", "Hamdan|حمدان", "Aziz|عزيز", "Farouk|فاروق"},
		scriptSep: " "},
	{key: "persian", languages: []string{"Persian"},
		female:    []string{"Shirin|شیرین", "Parisa|پریسا", "Mahsa|مهسا", "Niloufar|نیلوفر"},
		male:      []string{"Reza|رضا", "Arash|آرش", "Dariush|داریوش", "Kian|کیان"},
		family:    []string{"Hosseini|حسینی", "Karimi|کریمی", "Rahimi|رحیمی", "Moradi|مرادی", "Tehrani|تهرانی"},
		scriptSep: " "},
	{key: "hebrew", languages: []string{"Hebrew"},
		female:    []string{"Noa|נועה", "Tamar|תמר", "Yael|יעל", "Shira|שירה"},
		male:      []string{"Itai|איתי", "Eitan|איתן", "Noam|נועם", "Yonatan|יונתן"},
		family:    []string{"Cohen|כהן", "Levi|לוי", "Mizrahi|מזרחי", "Friedman|פרידמן", "Ben-David|בן-דוד"},
		scriptSep: " "},
	{key: "west_african", languages: []string{"Yoruba", "Igbo", "Hausa", "Twi", "Wolof"},
		female: []string{"Adaeze", "Chiamaka", "Ngozi", "Folake", "Ama", "Abena", "Aminata", "Fatoumata", "Yewande"},
		male:   []string{"Chinedu", "Emeka", "Oluwaseun", "Kwame", "Kofi", "Yaw", "Ibrahim", "Moussa", "Babatunde"},
		family: []string{"Okafor", "Adeyemi", "Eze", "Okonkwo", "Balogun", "Mensah", "Owusu", "Asante", "Boateng", "Diallo", "Traoré", "Ouédraogo", "Nwosu", "Adebayo"}},
	{key: "east_african", languages: []string{"Swahili", "Amharic", "Zulu", "Xhosa", "Shona"},
		female: []string{"Wanjiru", "Achieng", "Amani", "Nomvula", "Thandiwe", "Lindiwe", "Tigist", "Makeda", "Rutendo"},
		male:   []string{"Kipchoge", "Otieno", "Baraka", "Sipho", "Thabo", "Tendai", "Dawit", "Tesfaye", "Jabari"},
		family: []string{"Kamau", "Mwangi", "Odhiambo", "Njoroge", "Wekesa", "Ndlovu", "Dlamini", "Mokoena", "Nkosi", "Moyo", "Bekele", "Tadesse", "Haile", "Mutua"}},
	{key: "south_asian", languages: []string{"Hindi", "Tamil", "Bengali", "Malayalam", "Urdu", "Telugu", "Marathi"},
		female:    []string{"Ananya|अनन्या", "Priya|प्रिया", "Lakshmi", "Kavya|काव्या", "Ayesha", "Nusrat", "Deepika|दीपिका", "Sneha|स्नेहा", "Meera|मीरा"},
		male:      []string{"Arjun|अर्जुन", "Rohan|रोहन", "Vikram|विक्रम", "Aditya|आदित्य", "Rahul|राहुल", "Imran", "Farhan", "Siddharth|सिद्धार्थ", "Karthik"},
		family:    []string{"Sharma|शर्मा", "Iyer", "Patel|पटेल", "Reddy", "Nair", "Gupta|गुप्ता", "Banerjee", "Chatterjee", "Krishnan", "Rao", "Menon", "Das", "Rahman", "Chowdhury", "Hossain", "Khan", "Qureshi", "Verma|वर्मा", "Singh|सिंह"},
		scriptSep: " "},
	{key: "chinese", languages: []string{"Mandarin", "Cantonese"},
		female:            []string{"Jing|静", "Xiaoling|晓玲", "Mei|梅", "Yan|燕", "Lina|丽娜", "Yuxin|雨欣", "Xinyi|欣怡", "Ruoxi|若汐"},
		male:              []string{"Wei|伟", "Hao|浩", "Jun|军", "Lei|磊", "Yichen|逸辰", "Zihan|子涵", "Haoran|浩然", "Mingyu|明宇"},
		family:            []string{"Zhang|张", "Wang|王", "Li|李", "Liu|刘", "Chen|陈", "Yang|杨", "Huang|黄", "Zhao|赵", "Wu|吴", "Zhou|周", "Xu|徐", "Sun|孙", "Lin|林", "Guo|郭"},
		scriptFamilyFirst: true},
	{key: "japanese", languages: []string{"Japanese"},
		female:            []string{"Yuki|由紀", "Haruka|遥", "Aiko|愛子", "Sakura|さくら", "Yui|結衣", "Misaki|美咲"},
		male:              []string{"Hiroshi|浩", "Kenji|健二", "Takumi|拓海", "Daiki|大輝", "Sōta|蒼太", "Ren|蓮"},
		family:            []string{"Tanaka|田中", "Suzuki|鈴木", "Takahashi|高橋", "Watanabe|渡辺", "Yamamoto|山本", "Nakamura|中村", "Kobayashi|小林", "Satō|佐藤", "Itō|伊藤", "Katō|加藤"},
		scriptFamilyFirst: true, scriptSep: " "},
	{key: "korean", languages: []string{"Korean"},
		female:            []string{"Ji-woo|지우", "Seo-yeon|서연", "Min-ji|민지", "Ha-eun|하은", "Soo-ah|수아"},
		male:              []string{"Min-jun|민준", "Seo-jun|서준", "Joon-ho|준호", "Hyun-woo|현우", "Do-yun|도윤"},
		family:            []string{"Kim|김", "Lee|이", "Park|박", "Choi|최", "Jung|정", "Kang|강", "Yoon|윤", "Han|한"},
		scriptFamilyFirst: true},
	{key: "vietnamese", languages: []string{"Vietnamese"}, familyFirst: true,
		female:  []string{"Lan", "Mai", "Hương", "Linh", "Thảo", "Ngọc"},
		male:    []string{"Minh", "Tuấn", "Quang", "Hùng", "Dũng", "Khoa"},
		family:  []string{"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng"},
		middleF: []string{"Thị", "Ngọc", "Thu"}, middleM: []string{"Văn", "Đức", "Minh"}},
	{key: "indonesian", languages: []string{"Indonesian", "Javanese"},
		female: []string{"Siti", "Dewi", "Putri", "Ayu", "Rina", "Wulan"},
		male:   []string{"Budi", "Agus", "Rizky", "Andi", "Yusuf", "Bayu"},
		family: []string{"Santoso", "Wijaya", "Hidayat", "Saputra", "Kusuma", "Pratama", "Nugroho"}},
	{key: "maori", languages: []string{"Māori"},
		female: []string{"Aroha", "Mere", "Hine", "Anahera"},
		male:   []string{"Tama", "Rangi", "Wiremu", "Tāne"},
		family: []string{"Ngata", "Parata", "Te Rangi", "Whaanga", "Tipene"}},
}

// cultureByKey finds a culture; the tables below only name ones that exist.
func cultureByKey(key string) *culture {
	for i := range cultures {
		if cultures[i].key == key {
			return &cultures[i]
		}
	}
	panic("demo: unknown culture " + key)
}

// nicknames are the short names some people prefer to be called by.
var nicknames = map[string]string{
	"Katherine": "Kate", "Elizabeth": "Liz", "William": "Will", "Benjamin": "Ben",
	"Katharina": "Kathi", "Maximilian": "Max", "Alejandro": "Álex", "Sebastián": "Sebas",
	"Oluwaseun": "Seun", "Babatunde": "Tunde", "Siddharth": "Sid", "Alessandro": "Sandro",
	"Giuseppe": "Beppe", "Oleksandr": "Sasha", "Małgorzata": "Gosia", "Francesca": "Fran",
	"Konstantinos": "Kostas", "Christopher": "Chris", "Rebecca": "Becky", "Matthew": "Matt",
}
