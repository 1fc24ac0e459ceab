//! Closed sets (a registration's status, a member's role...) stored as text on both databases.
//!
//! A type lists its values and their stored words once, in [`TextEnum`]; `stored_as_text!`
//! gives it diesel's `ToSql` and `FromSql` for `Text` over both backends. A stored word that
//! names no value is an error when the row is read, never a silent fallback: a row the code
//! cannot understand must be seen, not taken for another state.
//!
//! The type itself derives `diesel::AsExpression` and `diesel::FromSqlRow` with
//! `#[diesel(sql_type = diesel::sql_types::Text)]`, so that it is used in queries and rows
//! as it is (`registrations::status.eq(RegistrationStatus::Confirmed)`).

/// A closed set of values, each stored as one word.
pub trait TextEnum: Sized + Copy + 'static {
    /// Every value, in the order they are shown.
    const ALL: &'static [Self];

    /// The word stored in the database (and used in URLs, forms and the API).
    fn as_str(self) -> &'static str;

    /// The value a stored word names, if any.
    fn parse(text: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|v| v.as_str() == text)
    }
}

/// Implements diesel's `ToSql<Text>` and `FromSql<Text>` over both databases for a
/// [`TextEnum`]. A macro because diesel's traits are foreign: a blanket implementation over
/// every `TextEnum` is not allowed by Rust's orphan rules.
#[macro_export]
macro_rules! stored_as_text {
    ($type:ty) => {
        impl diesel::serialize::ToSql<diesel::sql_types::Text, $crate::db::MultiBackend> for $type {
            fn to_sql<'b>(
                &'b self,
                out: &mut diesel::serialize::Output<'b, '_, $crate::db::MultiBackend>,
            ) -> diesel::serialize::Result {
                out.set_value((diesel::sql_types::Text, $crate::db::TextEnum::as_str(*self)));
                Ok(diesel::serialize::IsNull::No)
            }
        }

        // `eq_any` on the multi-backend connection binds each value through the concrete
        // backend, so those want the type too.
        impl diesel::serialize::ToSql<diesel::sql_types::Text, diesel::sqlite::Sqlite> for $type {
            fn to_sql<'b>(
                &'b self,
                out: &mut diesel::serialize::Output<'b, '_, diesel::sqlite::Sqlite>,
            ) -> diesel::serialize::Result {
                <str as diesel::serialize::ToSql<diesel::sql_types::Text, diesel::sqlite::Sqlite>>::to_sql(
                    $crate::db::TextEnum::as_str(*self),
                    out,
                )
            }
        }

        impl diesel::serialize::ToSql<diesel::sql_types::Text, diesel::pg::Pg> for $type {
            fn to_sql<'b>(
                &'b self,
                out: &mut diesel::serialize::Output<'b, '_, diesel::pg::Pg>,
            ) -> diesel::serialize::Result {
                <str as diesel::serialize::ToSql<diesel::sql_types::Text, diesel::pg::Pg>>::to_sql(
                    $crate::db::TextEnum::as_str(*self),
                    out,
                )
            }
        }

        impl diesel::deserialize::FromSql<diesel::sql_types::Text, $crate::db::MultiBackend>
            for $type
        {
            fn from_sql(
                bytes: <$crate::db::MultiBackend as diesel::backend::Backend>::RawValue<'_>,
            ) -> diesel::deserialize::Result<Self> {
                let text = <String as diesel::deserialize::FromSql<
                    diesel::sql_types::Text,
                    $crate::db::MultiBackend,
                >>::from_sql(bytes)?;
                <$type as $crate::db::TextEnum>::parse(&text).ok_or_else(|| {
                    format!("{:?} is not a known {}", text, stringify!($type)).into()
                })
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::TextEnum;
    use crate::db::Db;
    use diesel::prelude::*;
    use diesel::sql_types::Text;

    #[derive(Debug, Clone, Copy, PartialEq, diesel::AsExpression, diesel::FromSqlRow)]
    #[diesel(sql_type = Text)]
    enum Colour {
        Red,
        Green,
    }

    impl TextEnum for Colour {
        const ALL: &'static [Self] = &[Colour::Red, Colour::Green];
        fn as_str(self) -> &'static str {
            match self {
                Colour::Red => "red",
                Colour::Green => "green",
            }
        }
    }

    crate::stored_as_text!(Colour);

    #[test]
    fn parse_finds_each_word_and_nothing_else() {
        assert_eq!(Colour::parse("red"), Some(Colour::Red));
        assert_eq!(Colour::parse("green"), Some(Colour::Green));
        assert_eq!(Colour::parse("Red"), None);
        assert_eq!(Colour::parse(""), None);
    }

    #[test]
    fn values_go_in_and_come_out_as_their_words_and_unknown_words_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("t.db").display());
        let db = Db::open(&url).unwrap();
        let mut conn = db.conn().unwrap();

        let stored: String = diesel::select(Colour::Green.into_sql::<Text>())
            .get_result(&mut *conn)
            .unwrap();
        assert_eq!(stored, "green");

        let read: Colour = diesel::select("red".into_sql::<Text>())
            .get_result(&mut *conn)
            .unwrap();
        assert_eq!(read, Colour::Red);

        let unknown = diesel::select("purple".into_sql::<Text>()).get_result::<Colour>(&mut *conn);
        match unknown {
            Err(diesel::result::Error::DeserializationError(e)) => {
                assert!(format!("{e:?}").contains("purple"), "{e:?}")
            }
            other => panic!("an unknown word must be an error, got {other:?}"),
        }
    }
}
