//! Fixed word lists: categories, product words, brands, people, places.
//! Changing a list changes the generated data (it is part of its definition).

/// A product category and the words its product names are made of.
pub(crate) struct Category {
    pub name: &'static str,
    /// Three letters at the start of every SKU of the category.
    pub code: &'static str,
    /// Whole euros of the list price, inclusive.
    pub euros: (u64, u64),
    /// "" means no adjective.
    pub adjectives: &'static [&'static str],
    pub materials: &'static [&'static str],
    pub nouns: &'static [&'static str],
}

#[rustfmt::skip]
pub(crate) const CATEGORIES: [Category; 12] = [
    Category {
        name: "Knitwear",
        code: "KNT",
        euros: (39, 189),
        adjectives: &["", "Chunky", "Fine-Knit", "Ribbed", "Oversized", "Cable-Knit", "Relaxed", "Cropped"],
        materials: &["Merino", "Cashmere", "Lambswool", "Cotton", "Alpaca", "Mohair-Blend"],
        nouns: &[
            "Crew Sweater", "V-Neck Sweater", "Cardigan", "Turtleneck Sweater", "Half-Zip Sweater",
            "Knit Vest", "Rollneck Jumper",
        ],
    },
    Category {
        name: "Shirts & Tops",
        code: "TOP",
        euros: (19, 99),
        adjectives: &["", "Slim", "Relaxed", "Boxy", "Striped", "Washed", "Short-Sleeve", "Long-Sleeve"],
        materials: &["Cotton", "Linen", "Organic Cotton", "Silk", "Jersey", "Flannel", "Chambray"],
        nouns: &["Oxford Shirt", "Poplin Shirt", "T-Shirt", "Polo Shirt", "Blouse", "Henley", "Tank Top", "Overshirt"],
    },
    Category {
        name: "Trousers",
        code: "TRS",
        euros: (39, 149),
        adjectives: &["", "Tapered", "High-Rise", "Relaxed", "Cropped", "Tailored", "Stretch"],
        materials: &["Linen", "Cotton Twill", "Denim", "Wool", "Corduroy", "Tencel"],
        nouns: &[
            "Wide Trousers", "Chinos", "Straight Jeans", "Slim Jeans", "Cargo Trousers", "Pleated Trousers",
            "Joggers", "Shorts",
        ],
    },
    Category {
        name: "Dresses & Skirts",
        code: "DRS",
        euros: (39, 179),
        adjectives: &["", "Floral", "Tiered", "Belted", "Sleeveless", "Puff-Sleeve", "Bias-Cut"],
        materials: &["Viscose", "Linen", "Silk", "Cotton Poplin", "Satin", "Jersey"],
        nouns: &[
            "Midi Dress", "Wrap Dress", "Shirt Dress", "Slip Dress", "Maxi Skirt", "Pleated Skirt",
            "Mini Skirt", "Jumpsuit",
        ],
    },
    Category {
        name: "Outerwear",
        code: "OUT",
        euros: (79, 349),
        adjectives: &["", "Lightweight", "Quilted", "Hooded", "Double-Breasted", "Packable", "Longline"],
        materials: &["Wool", "Waxed Cotton", "Nylon", "Recycled Down", "Tweed", "Leather", "Suede"],
        nouns: &["Rain Jacket", "Puffer Jacket", "Trench Coat", "Wool Coat", "Bomber Jacket", "Parka", "Gilet", "Blazer"],
    },
    Category {
        name: "Shoes",
        code: "SHO",
        euros: (49, 229),
        adjectives: &["", "Low-Top", "Chunky", "Classic", "Lace-Up", "Slip-On", "Platform"],
        materials: &["Leather", "Suede", "Canvas", "Nubuck", "Recycled Knit", "Patent Leather"],
        nouns: &["Sneakers", "Chelsea Boots", "Loafers", "Derby Shoes", "Sandals", "Ankle Boots", "Espadrilles", "Running Shoes"],
    },
    Category {
        name: "Accessories",
        code: "ACC",
        euros: (9, 89),
        adjectives: &["", "Classic", "Ribbed", "Reversible", "Fringed", "Slim", "Oversized", "Striped"],
        materials: &["Wool", "Cashmere", "Leather", "Cotton", "Silk", "Alpaca"],
        nouns: &["Scarf", "Beanie", "Belt", "Gloves", "Cap", "Wallet", "Socks 3-Pack", "Hair Clip"],
    },
    Category {
        name: "Bags",
        code: "BAG",
        euros: (29, 249),
        adjectives: &["", "Mini", "Large", "Structured", "Foldable", "Zip-Top", "Everyday"],
        materials: &["Leather", "Canvas", "Nylon", "Suede", "Recycled Polyester", "Jute"],
        nouns: &["Tote Bag", "Backpack", "Crossbody Bag", "Weekender", "Shoulder Bag", "Belt Bag", "Laptop Sleeve"],
    },
    Category {
        name: "Home",
        code: "HOM",
        euros: (9, 129),
        adjectives: &["", "Handwoven", "Striped", "Speckled", "Waffle", "Minimal", "Rustic"],
        materials: &["Linen", "Wool", "Stoneware", "Cotton", "Glass", "Ceramic"],
        nouns: &[
            "Throw Blanket", "Cushion Cover", "Scented Candle", "Table Runner", "Vase", "Mug Set",
            "Tea Towel Set", "Bath Towel",
        ],
    },
    Category {
        name: "Sleep & Lounge",
        code: "SLP",
        euros: (19, 119),
        adjectives: &["", "Soft", "Brushed", "Cosy", "Relaxed", "Printed"],
        materials: &["Cotton", "Flannel", "Modal", "Fleece", "Waffle Cotton", "Silk"],
        nouns: &["Pyjama Set", "Robe", "Lounge Trousers", "Sleep Shirt", "Slippers", "Hoodie", "Sweatshirt"],
    },
    Category {
        name: "Active",
        code: "ACT",
        euros: (24, 129),
        adjectives: &["", "Seamless", "Reflective", "Breathable", "Lightweight", "Thermal"],
        materials: &["Recycled Nylon", "Merino", "Stretch Jersey", "Mesh", "Softshell"],
        nouns: &[
            "Running Tights", "Sports Bra", "Training Top", "Track Jacket", "Yoga Leggings", "Running Shorts",
            "Fleece Pullover",
        ],
    },
    Category {
        name: "Kids",
        code: "KID",
        euros: (12, 69),
        adjectives: &["", "Colourful", "Striped", "Dotted", "Cosy", "Play-Proof"],
        materials: &["Organic Cotton", "Fleece", "Denim", "Merino", "Corduroy"],
        nouns: &[
            "Kids' Hoodie", "Kids' Rain Jacket", "Dungarees", "Kids' Leggings", "Kids' Sweater",
            "Kids' T-Shirt", "Kids' Sneakers", "Kids' Beanie",
        ],
    },
];

/// Category of each position in a repeating cycle of 24 products: the first
/// twelve products cover every category; the cycle gives clothing more weight.
#[rustfmt::skip]
pub(crate) const CATEGORY_CYCLE: [usize; 24] = [
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0, 1, 2, 3, 4, 5, 6, 7, 8, 0, 1, 2,
];

#[rustfmt::skip]
pub(crate) const COLOURS: &[&str] = &[
    "Navy", "Black", "Off-White", "Grey Marl", "Camel", "Olive", "Rust", "Sand", "Forest Green", "Burgundy",
    "Sky Blue", "Charcoal", "Ecru", "Terracotta", "Mustard", "Dusty Pink",
];

/// The retailer's own label, on about half the catalog.
pub(crate) const HOUSE_BRAND: &str = "Nordhafen";

#[rustfmt::skip]
pub(crate) const BRANDS: &[&str] = &[
    "Atelier Véra", "Lindqvist", "Casa Olivo", "Hollis & Rowe", "Søndergaard", "Kestrel Outdoor",
    "Maison Fleury", "Bergmann & Co", "Tessuti Rossi", "Ostwind", "Marlowe Studio", "Åkerlund",
];

pub(crate) const RETAILER_NAME: &str = "Nordhafen Mode";

/// A store location: its name, city and IANA time zone.
pub(crate) struct Site {
    pub name: &'static str,
    pub city: &'static str,
    pub timezone: &'static str,
}

#[rustfmt::skip]
pub(crate) const SITES: &[Site] = &[
    Site { name: "Berlin Mitte", city: "Berlin", timezone: "Europe/Berlin" },
    Site { name: "Hamburg Jungfernstieg", city: "Hamburg", timezone: "Europe/Berlin" },
    Site { name: "München Maxvorstadt", city: "München", timezone: "Europe/Berlin" },
    Site { name: "Köln Ehrenfeld", city: "Köln", timezone: "Europe/Berlin" },
    Site { name: "Frankfurt Zeil", city: "Frankfurt am Main", timezone: "Europe/Berlin" },
    Site { name: "Wien Neubau", city: "Wien", timezone: "Europe/Vienna" },
    Site { name: "Amsterdam De Pijp", city: "Amsterdam", timezone: "Europe/Amsterdam" },
    Site { name: "Düsseldorf Königsallee", city: "Düsseldorf", timezone: "Europe/Berlin" },
    Site { name: "Paris Le Marais", city: "Paris", timezone: "Europe/Paris" },
    Site { name: "Bruxelles Sablon", city: "Bruxelles", timezone: "Europe/Brussels" },
    Site { name: "Stuttgart Mitte", city: "Stuttgart", timezone: "Europe/Berlin" },
    Site { name: "Leipzig Zentrum", city: "Leipzig", timezone: "Europe/Berlin" },
    Site { name: "Rotterdam Centrum", city: "Rotterdam", timezone: "Europe/Amsterdam" },
    Site { name: "Lyon Presqu'île", city: "Lyon", timezone: "Europe/Paris" },
    Site { name: "Milano Brera", city: "Milano", timezone: "Europe/Rome" },
    Site { name: "Madrid Malasaña", city: "Madrid", timezone: "Europe/Madrid" },
    Site { name: "Barcelona Gràcia", city: "Barcelona", timezone: "Europe/Madrid" },
    Site { name: "Graz Innere Stadt", city: "Graz", timezone: "Europe/Vienna" },
    Site { name: "Dublin Grafton Street", city: "Dublin", timezone: "Europe/Dublin" },
    Site { name: "Lisboa Chiado", city: "Lisboa", timezone: "Europe/Lisbon" },
    Site { name: "Helsinki Kamppi", city: "Helsinki", timezone: "Europe/Helsinki" },
    Site { name: "Hannover Mitte", city: "Hannover", timezone: "Europe/Berlin" },
    Site { name: "Nürnberg Altstadt", city: "Nürnberg", timezone: "Europe/Berlin" },
    Site { name: "Antwerpen Meir", city: "Antwerpen", timezone: "Europe/Brussels" },
];

#[rustfmt::skip]
pub(crate) const FIRST_NAMES: &[&str] = &[
    "José", "Zoë", "Łukasz", "Søren", "Chloé", "Renée", "Björn", "Jürgen", "François", "Inès", "María",
    "Sofía", "Lucía", "Åsa", "Mårten", "Noémie", "Héloïse", "Ayşe", "Siobhán", "Seán", "Joëlle", "Raphaël",
    "Anaïs", "Jiří", "Tomáš", "Małgorzata", "Ömer", "Dóra", "Anna", "Lena", "Lukas", "Paul", "Emma", "Mia",
    "Jonas", "Felix", "Leon", "Sophie", "Marie", "Ben", "Finn", "Hannah", "Laura", "Julia", "Max", "David",
    "Sarah", "Elif", "Mehmet", "Giulia", "Luca", "Matteo", "Francesca", "Niamh", "Aoife", "Pieter", "Daan",
    "Sanne", "Dominik", "Zuzana", "Agnieszka", "Katarzyna", "Oskar", "Ingrid", "Astrid", "Kai", "Nils",
    "Clara", "Theo", "Amélie", "Léa", "Noah", "Emil", "Ida", "Maja", "Elias", "Anne-Marie", "Jean-Luc",
];

#[rustfmt::skip]
pub(crate) const LAST_NAMES: &[&str] = &[
    "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann",
    "Köhler", "Groß", "Weiß", "Jäger", "Krüger", "Schäfer", "García", "Fernández", "López", "Martínez",
    "Núñez", "Rossi", "Bianchi", "Esposito", "Ricci", "Dubois", "Lefèvre", "Moreau", "Girard", "Fontaine",
    "Janssen", "de Vries", "van den Berg", "Bakker", "Jansen", "Nielsen", "Sørensen", "Jørgensen",
    "Andersson", "Lindström", "Öberg", "Kowalski", "Nowak", "Wiśniewski", "Wójcik", "Dvořák", "Novák",
    "Horváth", "Kovačić", "O'Brien", "Murphy", "Ó Súilleabháin", "Yılmaz", "Demir", "Şahin", "Papadopoulos",
    "Virtanen", "Mäkinen", "Silva", "Gonçalves", "Richter", "Wolf", "Neumann", "Schwarz", "Zimmermann",
    "Braun", "Hartmann", "Lange", "Vogel", "Keller", "Berger", "Huber", "Brandt", "Peters", "Dijkstra",
    "Visser", "Lambert", "Bernard", "Costa", "Ferrari",
];

/// Domains reserved for examples (RFC 2606 / RFC 6761): never a real mailbox.
#[rustfmt::skip]
pub(crate) const EMAIL_DOMAINS: &[&str] = &[
    "example.com", "example.net", "example.org", "mail.example", "post.example",
];

/// A country's mobile numbers: calling code, weight among customers, national
/// prefixes, how many digits follow the prefix, and how the national number
/// is grouped for display.
pub(crate) struct PhonePlan {
    pub calling_code: &'static str,
    pub weight: u32,
    pub prefixes: &'static [&'static str],
    pub subscriber_digits: u32,
    pub groups: &'static [usize],
}

#[rustfmt::skip]
pub(crate) const PHONE_PLANS: &[PhonePlan] = &[
    // +49 151 2345 6789
    PhonePlan {
        calling_code: "49",
        weight: 55,
        prefixes: &["151", "152", "157", "160", "162", "170", "171", "172", "175", "176", "177", "178", "179"],
        subscriber_digits: 8,
        groups: &[3, 4, 4],
    },
    // +43 664 123 4567
    PhonePlan {
        calling_code: "43",
        weight: 10,
        prefixes: &["650", "660", "664", "676", "680", "699"],
        subscriber_digits: 7,
        groups: &[3, 3, 4],
    },
    // +31 6 1234 5678
    PhonePlan {
        calling_code: "31",
        weight: 10,
        prefixes: &["6"],
        subscriber_digits: 8,
        groups: &[1, 4, 4],
    },
    // +33 6 12 34 56 78
    PhonePlan {
        calling_code: "33",
        weight: 8,
        prefixes: &["6", "7"],
        subscriber_digits: 8,
        groups: &[1, 2, 2, 2, 2],
    },
    // +34 612 345 678
    PhonePlan {
        calling_code: "34",
        weight: 6,
        prefixes: &["6"],
        subscriber_digits: 8,
        groups: &[3, 3, 3],
    },
    // +39 347 123 4567
    PhonePlan {
        calling_code: "39",
        weight: 6,
        prefixes: &["320", "333", "347", "348", "349", "366", "380"],
        subscriber_digits: 7,
        groups: &[3, 3, 4],
    },
    // +32 470 12 34 56
    PhonePlan {
        calling_code: "32",
        weight: 5,
        prefixes: &["470", "472", "475", "477", "478", "479", "484", "486", "488", "491", "494", "496", "498"],
        subscriber_digits: 6,
        groups: &[3, 2, 2, 2],
    },
];

#[rustfmt::skip]
pub(crate) const TOP_SIZES: &[&str] = &["XS", "S", "M", "L", "XL", "XXL"];
#[rustfmt::skip]
pub(crate) const BOTTOM_SIZES: &[&str] =
    &["26", "28", "29", "30", "31", "32", "33", "34", "36", "38"];
#[rustfmt::skip]
pub(crate) const SHOE_SIZES: &[&str] = &[
    "36", "37", "38", "39", "40", "41", "42", "43", "44", "45", "46",
];

/// Lower-case ASCII letters of a name for an email address: diacritics are
/// folded (José → jose, Łukasz → lukasz, Groß → gross), anything else that is
/// not a letter or digit (spaces, apostrophes, hyphens) is dropped.
pub(crate) fn ascii_fold(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
            continue;
        }
        let folded = match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'ā' | 'ą' => "a",
            'æ' => "ae",
            'ç' | 'č' | 'ć' => "c",
            'ď' | 'ð' => "d",
            'é' | 'è' | 'ê' | 'ë' | 'ě' | 'ę' | 'ē' => "e",
            'ğ' => "g",
            'í' | 'ì' | 'î' | 'ï' | 'ı' | 'ī' => "i",
            'ł' => "l",
            'ñ' | 'ń' | 'ň' => "n",
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' | 'ő' | 'ō' => "o",
            'œ' => "oe",
            'ř' => "r",
            'ś' | 'š' | 'ş' => "s",
            'ß' => "ss",
            'ť' | 'ţ' => "t",
            'þ' => "th",
            'ú' | 'ù' | 'û' | 'ü' | 'ů' | 'ű' | 'ū' => "u",
            'ý' | 'ÿ' => "y",
            'ź' | 'ż' | 'ž' => "z",
            _ => "",
        };
        out.push_str(folded);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_gives_plain_ascii() {
        assert_eq!(ascii_fold("José"), "jose");
        assert_eq!(ascii_fold("Łukasz"), "lukasz");
        assert_eq!(ascii_fold("Groß"), "gross");
        assert_eq!(ascii_fold("Ó Súilleabháin"), "osuilleabhain");
        assert_eq!(ascii_fold("O'Brien"), "obrien");
        assert_eq!(ascii_fold("Anne-Marie"), "annemarie");
        for name in FIRST_NAMES.iter().chain(LAST_NAMES) {
            let f = ascii_fold(name);
            assert!(
                !f.is_empty() && f.bytes().all(|b| b.is_ascii_lowercase()),
                "{name} → {f}"
            );
        }
    }

    #[test]
    fn lists_are_sound() {
        let mut counts = [0usize; 12];
        for c in CATEGORY_CYCLE {
            counts[c] += 1;
        }
        assert!(
            counts.iter().all(|n| *n > 0),
            "every category is in the cycle"
        );
        let mut codes: Vec<_> = CATEGORIES.iter().map(|c| c.code).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), CATEGORIES.len());
        for c in &CATEGORIES {
            assert!(c.euros.0 >= 1 && c.euros.0 <= c.euros.1, "{}", c.name);
            assert!(!c.adjectives.is_empty() && !c.materials.is_empty() && !c.nouns.is_empty());
        }
        // Words that go into hand-written JSON need no escaping.
        let json_words = COLOURS
            .iter()
            .chain(TOP_SIZES)
            .chain(BOTTOM_SIZES)
            .chain(SHOE_SIZES);
        for w in json_words.chain(CATEGORIES.iter().map(|c| &c.name)) {
            assert!(w.is_ascii() && !w.contains(['"', '\\']), "{w}");
        }
        for p in PHONE_PLANS {
            let national = p.prefixes[0].len() + p.subscriber_digits as usize;
            assert_eq!(
                p.groups.iter().sum::<usize>(),
                national,
                "+{}",
                p.calling_code
            );
            assert!(p.prefixes.iter().all(|x| x.len() == p.prefixes[0].len()));
        }
    }
}
