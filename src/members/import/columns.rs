//! What each column of a file holds: a contact's detail, tags, the newsletter answer or a
//! custom field, guessed from the header or chosen on the preview.

use crate::db::DbConn;
use crate::error::Result;
use crate::members::names;

/// What a column holds.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Target {
    Ignore,
    FirstName,
    LastName,
    Email,
    Phone,
    Address,
    PostalCode,
    City,
    Country,
    BirthDate,
    Notes,
    Lang,
    /// Tags, comma-separated.
    Tags,
    /// Newsletter consent: yes/no/oui/non/1/0/x.
    Newsletter,
    /// A custom field, by its key.
    Field(String),
}

/// The built-in targets, by key, in the order the preview offers them.
pub const BUILT_IN: [(&str, Target); 13] = [
    ("first_name", Target::FirstName),
    ("last_name", Target::LastName),
    ("email", Target::Email),
    ("phone", Target::Phone),
    ("address", Target::Address),
    ("postal_code", Target::PostalCode),
    ("city", Target::City),
    ("country", Target::Country),
    ("birth_date", Target::BirthDate),
    ("notes", Target::Notes),
    ("lang", Target::Lang),
    ("tags", Target::Tags),
    ("newsletter", Target::Newsletter),
];

impl Target {
    /// The key used in forms and, for the API, as the column's header.
    pub fn key(&self) -> String {
        match self {
            Target::Ignore => "ignore".into(),
            Target::Field(key) => format!("field:{key}"),
            other => BUILT_IN
                .iter()
                .find(|(_, t)| t == other)
                .map(|(k, _)| k.to_string())
                .unwrap_or_default(),
        }
    }

    /// Reads a key; custom fields as `field:<key>` (or their bare key when `fields` has it).
    pub fn from_key(key: &str, fields: &[FieldDef]) -> Option<Target> {
        let key = key.trim();
        if key == "ignore" || key.is_empty() {
            return Some(Target::Ignore);
        }
        if let Some((_, t)) = BUILT_IN.iter().find(|(k, _)| *k == key) {
            return Some(t.clone());
        }
        let bare = key.strip_prefix("field:").unwrap_or(key);
        fields
            .iter()
            .find(|f| f.key == bare)
            .map(|f| Target::Field(f.key.clone()))
    }
}

/// What a header such as "Prénom", "Code postal" or "E-mail" most likely holds.
pub fn guess_target(header: &str, fields: &[FieldDef]) -> Target {
    let folded = names::fold(header);
    let compact: String = folded.chars().filter(|c| *c != ' ').collect();
    if let Some(f) = fields
        .iter()
        .find(|f| names::fold(&f.label) == folded || names::fold(&f.key) == folded)
    {
        return Target::Field(f.key.clone());
    }
    match compact.as_str() {
        "prenom" | "prenoms" | "firstname" | "givenname" | "forename" => Target::FirstName,
        "nom" | "nomdefamille" | "nomdusage" | "lastname" | "surname" | "familyname" | "name" => {
            Target::LastName
        }
        "email" | "mail" | "courriel" | "adressemail" | "adresseemail" | "emailaddress"
        | "adressecourriel" | "mel" => Target::Email,
        "telephone" | "tel" | "phone" | "portable" | "mobile" | "phonenumber"
        | "numerodetelephone" | "telephoneportable" => Target::Phone,
        "adresse" | "address" | "rue" | "street" | "adressepostale" | "postaladdress" => {
            Target::Address
        }
        "codepostal" | "cp" | "postalcode" | "zip" | "zipcode" | "postcode" => Target::PostalCode,
        "ville" | "city" | "commune" | "town" | "localite" => Target::City,
        "pays" | "country" => Target::Country,
        "datedenaissance" | "naissance" | "nele" | "neele" | "birthdate" | "dateofbirth"
        | "birthday" | "dob" => Target::BirthDate,
        "notes" | "note" | "remarques" | "remarque" | "commentaire" | "commentaires"
        | "comment" | "comments" | "observations" => Target::Notes,
        "langue" | "language" | "lang" => Target::Lang,
        "tags" | "tag" | "etiquettes" | "etiquette" | "motscles" => Target::Tags,
        "newsletter"
        | "lettredinformation"
        | "lettreinformation"
        | "infolettre"
        | "consentementnewsletter"
        | "newsletterconsent"
        | "inscritnewsletter" => Target::Newsletter,
        _ => Target::Ignore,
    }
}

/// A custom field, as `members::fields` defines it.
pub type FieldDef = crate::members::fields::Field;

/// The custom fields, in their order.
pub fn field_defs(conn: &mut DbConn) -> Result<Vec<FieldDef>> {
    crate::members::fields::all(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_in_french_and_english_are_recognised() {
        for (h, t) in [
            ("Prénom", Target::FirstName),
            ("NOM", Target::LastName),
            ("E-mail", Target::Email),
            ("Courriel", Target::Email),
            ("Téléphone", Target::Phone),
            ("Code postal", Target::PostalCode),
            ("CP", Target::PostalCode),
            ("Date de naissance", Target::BirthDate),
            ("First name", Target::FirstName),
            ("Zip code", Target::PostalCode),
            ("Whatever", Target::Ignore),
        ] {
            assert_eq!(guess_target(h, &[]), t, "{h}");
        }
    }
}
