//! Amounts of money as each language writes them: `25,50 €` or `€25.50`. Money is integer
//! cents everywhere; the decimal separator and where the euro sign goes are messages of
//! `locales/*/dates.ftl`, beside the other ways of writing figures.

use super::Lang;

/// An amount for people: `25,00 €`, `€25.00`.
pub fn money(lang: Lang, cents: i64) -> String {
    lang.t_with("money_euros", "amount", &cents_text(lang, cents))
}

/// An amount as a form shows it: `25,00` or `25.00`.
pub fn cents_text(lang: Lang, cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let cents = cents.unsigned_abs();
    let separator = lang.t("decimal_separator");
    format!("{sign}{}{separator}{:02}", cents / 100, cents % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_follow_each_language() {
        assert_eq!(money(Lang::Fr, 2550), "25,50 €");
        assert_eq!(money(Lang::En, 5), "€0.05");
        assert_eq!(cents_text(Lang::Fr, -120), "-1,20");
    }
}
