//! How names are compared: two records are the same person when their names match once
//! accents, case, punctuation and spaces are folded ("Élodie  DUPONT-Marie" = "elodie dupont marie").

/// The folded form of a person's name, stored as `contacts.name_key`.
pub fn name_key(first_name: &str, last_name: &str) -> String {
    fold(&format!("{first_name} {last_name}"))
}

/// Lower case, without accents, with every run of non-letters turned into one space.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        match base_letter(c) {
            Some(base) => {
                if space && !out.is_empty() {
                    out.push(' ');
                }
                space = false;
                out.push_str(base);
            }
            None if c.is_alphanumeric() => {
                if space && !out.is_empty() {
                    out.push(' ');
                }
                space = false;
                out.push(c);
            }
            None => space = true,
        }
    }
    out
}

/// The letter without its accent, for the Latin letters French and its neighbours use.
fn base_letter(c: char) -> Option<&'static str> {
    Some(match c {
        'a'..='z' => return None,
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'č' => "c",
        'ď' | 'đ' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' => "i",
        'ł' | 'ľ' => "l",
        'ñ' | 'ń' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'œ' => "oe",
        'ř' => "r",
        'ś' | 'š' | 'ș' | 'ş' => "s",
        'ß' => "ss",
        'ť' | 'ț' | 'ţ' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accents_case_and_spaces_fold_to_one_key() {
        assert_eq!(
            name_key("Élodie ", "  DUPONT-Marie"),
            name_key("elodie", "Dupont Marie")
        );
        assert_eq!(fold("  Chloë   Lœuf "), "chloe loeuf");
        assert_ne!(name_key("Anne", "Martin"), name_key("Anna", "Martin"));
    }

    #[test]
    fn letters_of_other_scripts_are_kept() {
        assert_eq!(fold("Юлия Иванова"), "юлия иванова");
    }
}
