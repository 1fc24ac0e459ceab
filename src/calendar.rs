//! Dates in words, in French or English, the same on pages, in mails and in the texts sent to
//! the fediverse. The names are written once here: chrono names days and months in English only
//! (unless its `unstable-locales` feature, a second locale database, is built in).

use chrono::Datelike;

const FR_DAYS: [&str; 7] = [
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
];
const EN_DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const FR_MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const EN_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn names(english: bool) -> (&'static [&'static str; 7], &'static [&'static str; 12]) {
    if english {
        (&EN_DAYS, &EN_MONTHS)
    } else {
        (&FR_DAYS, &FR_MONTHS)
    }
}

/// `samedi 5 décembre` or `Saturday 5 December`.
pub fn weekday_day_month(english: bool, d: &impl Datelike) -> String {
    let (days, months) = names(english);
    format!(
        "{} {} {}",
        days[d.weekday().num_days_from_monday() as usize],
        d.day(),
        months[d.month0() as usize]
    )
}

/// `samedi 5 décembre 2026` or `Saturday 5 December 2026`.
pub fn weekday_date(english: bool, d: &impl Datelike) -> String {
    format!("{} {}", weekday_day_month(english, d), d.year())
}

/// `31 août 2027` or `31 August 2027`.
pub fn date(english: bool, d: &impl Datelike) -> String {
    let (_, months) = names(english);
    format!("{} {} {}", d.day(), months[d.month0() as usize], d.year())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn dates_read_the_same_in_both_languages_order() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 5).unwrap();
        assert_eq!(weekday_day_month(false, &d), "samedi 5 décembre");
        assert_eq!(weekday_date(true, &d), "Saturday 5 December 2026");
        assert_eq!(
            date(false, &NaiveDate::from_ymd_opt(2027, 8, 31).unwrap()),
            "31 août 2027"
        );
    }
}
