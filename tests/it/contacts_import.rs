//! Importing contacts from CSV through the dashboard and the API, on both databases: every
//! line checked first and nothing written when one is wrong, encodings recognised or refused
//! clearly, existing records completed only when asked; and the CSV exports of contacts and
//! members.

use cheminement::accounts::Role;
use cheminement::db::schema;
use cheminement::members::contacts;
use cheminement::members::fields::{self, FieldInput};
use chrono::{Days, NaiveDate, Utc};
use diesel::prelude::*;
use reqwest::StatusCode;

use crate::common::people_io::*;
use crate::common::*;

async fn start(backend: Backend) -> (Storage, TestServer) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    (storage, server)
}

fn contact_by_email(server: &TestServer, email: &str) -> cheminement::members::contacts::Contact {
    let mut conn = server.app.db.conn().unwrap();
    cheminement::members::contacts::find_by_email(&mut conn, email)
        .unwrap()
        .unwrap_or_else(|| panic!("{email} is not in the base"))
}

both_backends!(async one_bad_line_imports_nothing_and_the_page_names_each_bad_line);
async fn one_bad_line_imports_nothing_and_the_page_names_each_bad_line(backend: Backend) {
    let (_s, server) = start(backend).await;
    let admin = signed_in(&server, "admin@x.test", Role::Admin).await.0;
    let csv = "Prénom;Nom;E-mail;Date de naissance\n\
                   Anne;Martin;anne@example.org;01/02/1980\n\
                   Bruno;Petit;bruno(at)example.org;\n\
                   Chloé;Durand;chloe@example.org;1/2/80\n\
                   Denis;Roux;denis@example.org;1990-05-06;en trop\n\
                   ;;;\n\
                   Émile;Zola;emile@example.org;1940-04-02\n";
    let (status, page) = import_file(&admin, &server, "adherents.csv", csv.into(), "leave").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{backend:?}");
    assert!(page.contains("Rien n&#39;a été importé"), "{page}");
    assert!(
        page.contains("Ligne 3 :") && page.contains("bruno(at)example.org"),
        "{page}"
    );
    // A two-digit year is refused, and the message says which formats work.
    assert!(
        page.contains("Ligne 4 :") && page.contains("31/12/1990"),
        "{page}"
    );
    assert!(
        page.contains("Ligne 5 :") && page.contains("5 colonnes au lieu de 4"),
        "{page}"
    );
    assert!(
        !page.contains("Ligne 2 :") && !page.contains("Ligne 7 :"),
        "{page}"
    );
    assert_eq!(count_contacts(&server), 0, "nothing may be imported");
}

both_backends!(async a_good_file_is_imported_with_history_consent_tags_and_custom_fields);
async fn a_good_file_is_imported_with_history_consent_tags_and_custom_fields(backend: Backend) {
    let (_s, server) = start(backend).await;
    {
        let mut conn = server.app.db.conn().unwrap();
        fields::create(
            &mut conn,
            &FieldInput {
                key: "taille".into(),
                label: "Taille".into(),
                kind: "choice".into(),
                choices: "S\nM\nL".into(),
                position: 1,
            },
        )
        .unwrap();
    }
    let admin = signed_in(&server, "tresorier@x.test", Role::Treasurer)
        .await
        .0;
    let bad = "Prénom,Nom,Email,Étiquettes,Newsletter,Taille,CP\n\
                   Anne,Martin,anne@example.org,\"yoga, bénévole\",oui,M,69001\n\
                   Bruno,Petit,bruno@example.org,yoga,peut-être,XL,69002\n";
    let (status, page) = import_file(&admin, &server, "liste.csv", bad.into(), "leave").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("Ligne 3 :") && page.contains("peut-être"),
        "{page}"
    );
    assert!(
        page.contains("« XL » n&#39;est pas un des choix possibles (S, M, L)"),
        "{page}"
    );
    assert_eq!(count_contacts(&server), 0);

    let good = bad.replace("peut-être,XL", "non,l");
    let (status, page) = import_file(&admin, &server, "liste.csv", good.into(), "leave").await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(
        page.contains("2 créés, 0 complétés, 0 laissés tels quels"),
        "{page}"
    );

    let anne = contact_by_email(&server, "anne@example.org");
    assert_eq!(
        (anne.first_name.as_str(), anne.last_name.as_str()),
        ("Anne", "Martin")
    );
    assert_eq!(anne.postal_code, "69001");
    assert_eq!(anne.source, contacts::Source::Import);
    let mut conn = server.app.db.conn().unwrap();
    let consents = cheminement::members::consents::log(&mut conn, anne.id).unwrap();
    assert_eq!(consents.len(), 1);
    assert!(consents[0].given);
    assert_eq!(consents[0].source, "import liste.csv by tresorier");
    let bruno = contact_by_email(&server, "bruno@example.org");
    assert!(
        !cheminement::members::consents::holds(
            &mut conn,
            bruno.id,
            cheminement::members::consents::ConsentKind::Newsletter
        )
        .unwrap()
    );
    let history = cheminement::members::history::list(&mut conn, anne.id).unwrap();
    assert!(history.iter().any(
        |h| h.action == cheminement::members::history::Action::Imported && h.detail == "liste.csv"
    ));
    let anne_tags: Vec<String> = schema::contact_tags::table
        .inner_join(schema::tags::table)
        .filter(schema::contact_tags::contact_id.eq(anne.id))
        .order(schema::tags::name.asc())
        .select(schema::tags::name)
        .load(&mut *conn)
        .unwrap();
    assert_eq!(anne_tags, vec!["bénévole", "yoga"]);
    let tag_count: i64 = schema::tags::table.count().get_result(&mut *conn).unwrap();
    assert_eq!(tag_count, 2, "\"yoga\" is one tag for both");
    let values = fields::values_of(&mut conn, bruno.id).unwrap();
    assert_eq!(
        values[0].value, "L",
        "a choice is kept as the admin wrote it"
    );
}

both_backends!(async a_windows_1252_file_from_excel_reads_its_accents_right);
async fn a_windows_1252_file_from_excel_reads_its_accents_right(backend: Backend) {
    let (_s, server) = start(backend).await;
    let admin = signed_in(&server, "admin@x.test", Role::Admin).await.0;
    let bytes = b"Pr\xe9nom;Nom;Courriel;T\xe9l\xe9phone\r\nH\xe9l\xe8ne;Fran\xe7ois;helene@example.org;06 01 02 03 04\r\n"
        .to_vec();
    let preview = upload_ok(&admin, &server, "excel.csv", bytes).await;
    let page = admin
        .get(server.url(&preview))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Windows-1252 (Excel)"), "{page}");
    assert!(
        page.contains("Hélène") && page.contains("François"),
        "{page}"
    );
    let answer = confirm(&admin, &server, &preview, &[], "leave").await;
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    let helene = contact_by_email(&server, "helene@example.org");
    assert_eq!(helene.first_name, "Hélène");
    assert_eq!(helene.last_name, "François");
    assert_eq!(helene.phone, "06 01 02 03 04");
}

both_backends!(async a_binary_file_is_refused_with_how_to_save_as_csv_utf8);
async fn a_binary_file_is_refused_with_how_to_save_as_csv_utf8(backend: Backend) {
    let (_s, server) = start(backend).await;
    let admin = signed_in(&server, "admin@x.test", Role::Admin).await.0;
    // The start of an .xlsx (a zip archive).
    let xlsx = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xb5U\x10\x1d\x8a\x01".to_vec();
    let answer = upload(&admin, &server, "adherents.xlsx", xlsx).await;
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = answer.text().await.unwrap();
    assert!(page.contains("n&#39;est pas un fichier CSV"), "{page}");
    assert!(page.contains("CSV UTF-8"), "{page}");
    // Bytes that are neither UTF-8 nor Windows-1252 (0x81, 0x8D are not characters there).
    let answer = upload(
        &admin,
        &server,
        "mac.csv",
        b"Nom\n\x81\x8d\x9dabc\n".to_vec(),
    )
    .await;
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = answer.text().await.unwrap();
    assert!(
        page.contains("ne peuvent pas être lus") && page.contains("CSV UTF-8"),
        "{page}"
    );
    let kept: i64 = {
        let mut conn = server.app.db.conn().unwrap();
        schema::contact_imports::table
            .count()
            .get_result(&mut *conn)
            .unwrap()
    };
    assert_eq!(kept, 0, "a refused file is not kept");
}

both_backends!(async utf16_with_a_bom_and_tabs_is_read);
async fn utf16_with_a_bom_and_tabs_is_read(backend: Backend) {
    let (_s, server) = start(backend).await;
    let admin = signed_in(&server, "admin@x.test", Role::Admin).await.0;
    let mut bytes = vec![0xFF, 0xFE];
    for unit in "Prénom\tNom\tEmail\r\nZoé\tLefèvre\tzoe@example.org\r\n".encode_utf16() {
        bytes.extend(unit.to_le_bytes());
    }
    let (status, page) = import_file(&admin, &server, "unicode.txt", bytes, "leave").await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(
        contact_by_email(&server, "zoe@example.org").last_name,
        "Lefèvre"
    );
}

both_backends!(async a_file_without_a_name_or_email_column_is_refused);
async fn a_file_without_a_name_or_email_column_is_refused(backend: Backend) {
    let (_s, server) = start(backend).await;
    let admin = signed_in(&server, "admin@x.test", Role::Admin).await.0;
    let (status, page) = import_file(
        &admin,
        &server,
        "villes.csv",
        "Ville;Code postal\nLyon;69001\n".into(),
        "leave",
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("Ligne 1 :") && page.contains("aucune colonne ne contient de nom"),
        "{page}"
    );
    // A line with neither a name nor an address is named too.
    let (status, page) = import_file(
        &admin,
        &server,
        "trous.csv",
        "Nom;Email;Ville\nMartin;;Lyon\n;;Paris\n".into(),
        "leave",
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("Ligne 3 :") && page.contains("ni nom ni adresse"),
        "{page}"
    );
    assert_eq!(count_contacts(&server), 0);
}

both_backends!(async the_same_address_twice_in_the_file_names_both_lines);
async fn the_same_address_twice_in_the_file_names_both_lines(backend: Backend) {
    let (_s, server) = start(backend).await;
    let admin = signed_in(&server, "admin@x.test", Role::Admin).await.0;
    let csv =
        "Nom;E-mail\nMartin;dup@example.org\nPetit;other@example.org\nDurand;DUP@Example.org\n";
    let (status, page) = import_file(&admin, &server, "d.csv", csv.into(), "leave").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Ligne 4 :"), "{page}");
    assert!(page.contains("est déjà à la ligne 2"), "{page}");
    assert_eq!(count_contacts(&server), 0);
}

both_backends!(async existing_records_are_left_or_completed_only_where_empty);
async fn existing_records_are_left_or_completed_only_where_empty(backend: Backend) {
    let (_s, server) = start(backend).await;
    let existing = {
        let mut conn = server.app.db.conn().unwrap();
        let id = add_contact(&mut conn, "", "Martin", Some("anne@example.org"));
        diesel::update(schema::contacts::table.find(id))
            .set(schema::contacts::city.eq("Paris"))
            .execute(&mut *conn)
            .unwrap();
        id
    };
    let admin = signed_in(&server, "admin@x.test", Role::Admin).await.0;
    let csv = "Prénom;Nom;E-mail;Téléphone;Ville\n\
                   Anne;Dupont;ANNE@example.org;0601020304;Lyon\n\
                   Nina;Simone;nina@example.org;;\n";
    let (status, page) = import_file(&admin, &server, "a.csv", csv.into(), "leave").await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(
        page.contains("1 créés, 0 complétés, 1 laissés tels quels"),
        "{page}"
    );
    let anne = contact_by_email(&server, "anne@example.org");
    assert_eq!(
        (anne.id, anne.first_name.as_str(), anne.phone.as_str()),
        (existing, "", "")
    );

    let csv = "Prénom;Nom;E-mail;Téléphone;Ville\n\
                   Anne;Dupont;anne@example.org;0601020304;Lyon\n\
                   Nina;Simone;nina@example.org;;\n";
    let (status, page) = import_file(&admin, &server, "b.csv", csv.into(), "update").await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(
        page.contains("0 créés, 1 complétés, 1 laissés tels quels"),
        "{page}"
    );
    let anne = contact_by_email(&server, "anne@example.org");
    assert_eq!(anne.id, existing);
    assert_eq!(anne.first_name, "Anne", "an empty first name is filled");
    assert_eq!(anne.phone, "0601020304");
    assert_eq!(
        anne.last_name, "Martin",
        "a name already there is not replaced"
    );
    assert_eq!(anne.city, "Paris");
    assert_eq!(anne.name_key, "anne martin");
    assert_eq!(count_contacts(&server), 2);
}

both_backends!(async two_thousand_lines_each_land_on_their_own_record);
async fn two_thousand_lines_each_land_on_their_own_record(backend: Backend) {
    let (_s, server) = start(backend).await;
    let admin = signed_in(&server, "admin@x.test", Role::Admin).await.0;
    let mut csv = String::from("Prénom;Nom;Email;Newsletter\n");
    for i in 0..2000 {
        csv.push_str(&format!(
            "P{i};Nom{i};p{i}@example.org;{}\n",
            if i % 2 == 0 { "x" } else { "" }
        ));
    }
    let (status, page) = import_file(&admin, &server, "big.csv", csv.into(), "leave").await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("2000 créés"), "{page}");
    let mut conn = server.app.db.conn().unwrap();
    let rows: Vec<(i64, String, Option<String>)> = schema::contacts::table
        .select((
            schema::contacts::id,
            schema::contacts::first_name,
            schema::contacts::email,
        ))
        .load(&mut *conn)
        .unwrap();
    for (_, first, email) in &rows {
        assert_eq!(
            email.as_deref(),
            Some(format!("{}@example.org", first.to_lowercase()).as_str())
        );
    }
    let consents: Vec<(i64, i64)> = schema::consents::table
        .inner_join(schema::contacts::table)
        .select((schema::consents::contact_id, schema::contacts::id))
        .load(&mut *conn)
        .unwrap();
    assert_eq!(consents.len(), 1000);
    for id in [rows[0].0, rows[1998].0] {
        let first: String = schema::contacts::table
            .find(id)
            .select(schema::contacts::first_name)
            .first(&mut *conn)
            .unwrap();
        let n: usize = first[1..].parse().unwrap();
        let has = cheminement::members::consents::holds(
            &mut conn,
            id,
            cheminement::members::consents::ConsentKind::Newsletter,
        )
        .unwrap();
        assert_eq!(has, n.is_multiple_of(2), "{first}");
    }
}

both_backends!(async exports_start_with_the_bom_use_semicolons_and_hold_the_rows);
async fn exports_start_with_the_bom_use_semicolons_and_hold_the_rows(backend: Backend) {
    let (_s, server) = start(backend).await;
    let today = Utc::now().date_naive();
    {
        let mut conn = server.app.db.conn().unwrap();
        let anne = add_contact(&mut conn, "Anne", "Martin", Some("anne@example.org"));
        let bruno = add_contact(&mut conn, "Bruno", "Petit", Some("bruno@example.org"));
        let chloe = add_contact(&mut conn, "Chloé", "Durand", Some("chloe@example.org"));
        let start = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
        add_membership(
            &mut conn,
            anne,
            start,
            today + Days::new(200),
            1250,
            Some("2026-0001"),
        );
        add_membership(&mut conn, bruno, start, today + Days::new(10), 2000, None);
        add_membership(&mut conn, chloe, start, today - Days::new(10), 500, None);
        cheminement::members::consents::record(
            &mut conn,
            anne,
            cheminement::members::consents::ConsentKind::Newsletter,
            true,
            "paper form",
            None,
        )
        .unwrap();
    }
    let admin = signed_in(&server, "admin@x.test", Role::Admin).await.0;
    let body = admin
        .get(server.url("/dashboard/contacts/export.csv"))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert!(body.starts_with(b"\xEF\xBB\xBF"));
    let text = String::from_utf8(body[3..].to_vec()).unwrap();
    assert!(text.starts_with("Prénom;Nom;E-mail;"), "{text}");
    assert!(text.contains("\r\nAnne;Martin;anne@example.org;"), "{text}");
    assert!(text.contains("Chloé;Durand;chloe@example.org"), "{text}");
    assert_eq!(text.lines().count(), 4, "{text}");
    let anne_line = text.lines().find(|l| l.starts_with("Anne")).unwrap();
    assert!(anne_line.contains(";oui;"), "{anne_line}");

    let filtered = admin
        .get(server.url("/dashboard/contacts/export.csv?q=martin"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(filtered.lines().count(), 2, "{filtered}");

    let members = |view: &'static str| {
        let admin = admin.clone();
        let url = server.url(&format!("/dashboard/members/export.csv?view={view}"));
        async move {
            let bytes = admin.get(url).send().await.unwrap().bytes().await.unwrap();
            assert!(
                bytes.starts_with(b"\xEF\xBB\xBF"),
                "{view}: the file starts with the BOM"
            );
            String::from_utf8(bytes[3..].to_vec()).unwrap()
        }
    };
    let current = members("current").await;
    assert!(
        current.contains("Anne Martin;anne@example.org;"),
        "{current}"
    );
    assert!(current.contains(";12,50;"), "{current}");
    assert!(current.contains("2026-0001"), "{current}");
    assert!(
        current.contains("Bruno Petit") && !current.contains("Chloé"),
        "{current}"
    );
    let renew = members("renew").await;
    assert!(
        renew.contains("Bruno Petit") && !renew.contains("Anne Martin"),
        "{renew}"
    );
    let lapsed = members("lapsed").await;
    assert!(
        lapsed.contains("Chloé Durand;chloe@example.org;") && !lapsed.contains("Bruno"),
        "{lapsed}"
    );
    assert!(lapsed.contains(";5,00;"), "{lapsed}");
}

both_backends!(async the_api_imports_all_or_nothing_and_names_the_lines);
async fn the_api_imports_all_or_nothing_and_names_the_lines(backend: Backend) {
    let (_s, server) = start(backend).await;
    let token = server.token_for("api@x.test", Role::Admin);
    let client = reqwest::Client::new();
    let post = |body: &'static str| {
        client
            .post(server.url("/api/v1/contacts/import?filename=crm.csv"))
            .bearer_auth(&token)
            .header("content-type", "text/csv")
            .body(body)
            .send()
    };
    let answer = post("first_name,last_name,email,birth_date\nAnne,Martin,anne@example.org,1980-02-01\nBruno,Petit,bruno@,\n").await.unwrap();
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let json: serde_json::Value = answer.json().await.unwrap();
    assert_eq!(json["lines"][0]["line"], 3, "{json}");
    assert!(
        json["lines"][0]["message"]
            .as_str()
            .unwrap()
            .contains("bruno@"),
        "{json}"
    );
    assert_eq!(
        json["error"], "nothing was imported: fix these lines and send the whole file again",
        "{json}"
    );
    assert_eq!(count_contacts(&server), 0);

    let answer = post("first_name,surname\nAnne,Martin\n").await.unwrap();
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let json: serde_json::Value = answer.json().await.unwrap();
    assert_eq!(json["lines"][0]["line"], 1, "{json}");
    assert!(
        json["lines"][0]["message"]
            .as_str()
            .unwrap()
            .contains("surname"),
        "{json}"
    );

    let answer = post(
        "first_name,last_name,email,newsletter\nAnne,Martin,anne@example.org,yes\nBruno,Petit,,\n",
    )
    .await
    .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    let json: serde_json::Value = answer.json().await.unwrap();
    assert_eq!(
        json,
        serde_json::json!({"created": 2, "updated": 0, "unchanged": 0})
    );
    assert_eq!(
        contact_by_email(&server, "anne@example.org").source,
        contacts::Source::Api
    );

    let answer = client
        .post(server.url("/api/v1/contacts/import"))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let json: serde_json::Value = answer.json().await.unwrap();
    assert_eq!(
        json,
        serde_json::json!({"error": "send the body as text/csv"})
    );
}

both_backends!(async editors_cannot_import_or_export_people);
async fn editors_cannot_import_or_export_people(backend: Backend) {
    let (_s, server) = start(backend).await;
    let editor = signed_in(&server, "editor@x.test", Role::Editor).await.0;
    for path in [
        "/dashboard/contacts/import",
        "/dashboard/contacts/export.csv",
        "/dashboard/members/export.csv?view=current",
    ] {
        let answer = editor.get(server.url(path)).send().await.unwrap();
        assert_eq!(answer.status(), StatusCode::FORBIDDEN, "{path}");
    }
    let form = reqwest::multipart::Form::new().text("csrf", "x").part(
        "file",
        reqwest::multipart::Part::bytes(b"Nom\nMartin\n".to_vec()).file_name("a.csv"),
    );
    let answer = editor
        .post(server.url("/dashboard/contacts/import"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::FORBIDDEN);
    let token = server.token_for("editor-api@x.test", Role::Editor);
    let answer = reqwest::Client::new()
        .post(server.url("/api/v1/contacts/import"))
        .bearer_auth(&token)
        .header("content-type", "text/csv")
        .body("last_name\nMartin\n")
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::FORBIDDEN);
    assert_eq!(count_contacts(&server), 0);
}

#[tokio::test]
async fn files_up_to_10_mib_are_taken_and_larger_ones_refused_clearly() {
    let (_s, server) = start(Backend::Sqlite).await;
    let admin = signed_in(&server, "admin@x.test", Role::Admin).await.0;
    let notes = "n".repeat(120);
    let mut csv = String::from("Prénom;Nom;Email;Notes\n");
    let mut i = 0;
    while csv.len() < 8 * 1024 * 1024 {
        csv.push_str(&format!("P{i};Nom{i};p{i}@example.org;{notes}\n"));
        i += 1;
    }
    let preview = upload_ok(&admin, &server, "gros.csv", csv.into_bytes()).await;
    let page = admin
        .get(server.url(&preview))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains(&format!("{i} lignes de contacts")),
        "{}",
        &page[..2000]
    );

    let mut big = String::from("Prénom;Nom;Email;Notes\n");
    while big.len() <= 10 * 1024 * 1024 + 10 {
        big.push_str(&format!("P;Nom;p@example.org;{notes}\n"));
    }
    let answer = upload(&admin, &server, "trop-gros.csv", big.into_bytes()).await;
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(answer.text().await.unwrap().contains("dépasse 10 Mo"));
}
