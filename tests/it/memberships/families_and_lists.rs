//! Family memberships; Editing and deleting; The member lists.

use super::*;

both_backends!(async a_family_membership_covers_the_people_found_and_ticked);
async fn a_family_membership_covers_the_people_found_and_ticked(backend: Backend) {
    let (_storage, server) = start(backend).await;
    let paul = new_contact(&server, "Paul", "Garnier", "paul@example.org");
    let lea = new_contact(&server, "Léa", "Garnier", "lea@example.org");
    let tom = new_contact(&server, "Tom", "Garnier", "");
    let family = new_category(&server, "Famille", "family", 4000);
    let normal = new_category(&server, "Normale", "fixed", 2500);
    let treasurer = signed_in(&server, "tresor@example.org", Role::Treasurer)
        .await
        .0;
    let path = format!("/dashboard/contacts/{}/memberships", paul.id);
    let today = iso(today_paris());
    let fam = family.id.to_string();

    // "Find" looks for people and keeps what was typed; it saves nothing.
    let (status, _, html) = post_page(
        &treasurer,
        &server,
        &path,
        &[
            ("category_id", fam.as_str()),
            ("paid_on", today.as_str()),
            ("payment_method", "transfer"),
            ("receipt_number", "F-1"),
            ("find", "LEA garnier"),
            ("op", "find"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains(&format!("name=\"person_{}\" value=\"on\">", lea.id)),
        "{html}"
    );
    assert!(!html.contains(&format!("name=\"person_{}\"", tom.id)));
    assert!(
        !html.contains(&format!("name=\"person_{}\"", paul.id)),
        "never the payer"
    );
    assert!(html.contains("value=\"F-1\""));
    assert!(memberships_of(&server, paul.id).is_empty());

    let lea_box = format!("person_{}", lea.id);
    let tom_box = format!("person_{}", tom.id);
    let paul_box = format!("person_{}", paul.id);
    // Only a family category covers others; the payer cannot cover themselves.
    let nor = normal.id.to_string();
    for (category, person, message) in [
        (
            nor.as_str(),
            lea_box.as_str(),
            "Seule une adhésion famille couvre",
        ),
        (fam.as_str(), paul_box.as_str(), "ne peut pas être couverte"),
    ] {
        let (status, _, html) = post_page(
            &treasurer,
            &server,
            &path,
            &[
                ("category_id", category),
                ("paid_on", today.as_str()),
                ("payment_method", "transfer"),
                (person, "on"),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains(message), "{message}");
    }

    let (status, _, _) = post_page(
        &treasurer,
        &server,
        &path,
        &[
            ("category_id", fam.as_str()),
            ("paid_on", today.as_str()),
            ("payment_method", "transfer"),
            (lea_box.as_str(), "on"),
            (tom_box.as_str(), "on"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let m = &memberships_of(&server, paul.id)[0];
    assert_eq!(m.amount_cents, 4000);
    let covered: Vec<i64> = memberships::people(&mut server.app.db.conn().unwrap(), m.id)
        .unwrap()
        .iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(covered.len(), 2);
    assert!(covered.contains(&lea.id) && covered.contains(&tom.id));
    // Everyone it covers is a member up to its last day, and no longer after it.
    let mut conn = server.app.db.conn().unwrap();
    let on_last_day = memberships::current_member_contacts(&mut conn, m.ends_on).unwrap();
    assert!(
        [paul.id, lea.id, tom.id]
            .iter()
            .all(|id| on_last_day.contains(id))
    );
    let after =
        memberships::current_member_contacts(&mut conn, m.ends_on.succ_opt().unwrap()).unwrap();
    assert!(
        [paul.id, lea.id, tom.id]
            .iter()
            .all(|id| !after.contains(id))
    );
    drop(conn);

    // Léa counts as a member, and her page says whose membership covers her.
    let token = server.token_for("script@example.org", Role::Treasurer);
    let (_, answer) = api(
        &server,
        &token,
        reqwest::Method::GET,
        &format!("/api/v1/contacts/{}/memberships", lea.id),
        None,
    )
    .await;
    let status = answer["status"]["status"].as_str().unwrap();
    assert!(status == "current" || status == "to_renew", "{answer}");
    assert_eq!(answer["memberships"][0]["covered_by"]["id"], paul.id);
    let (_, html) = get_page(
        &treasurer,
        &server,
        &format!("/dashboard/contacts/{}/memberships", lea.id),
    )
    .await;
    assert!(html.contains("Couvert·e par l"));
    assert!(html.contains("Paul Garnier"));

    // Editing the membership keeps the people ticked; unticking Tom removes him.
    let (_, html) = get_page(
        &treasurer,
        &server,
        &format!("/dashboard/memberships/{}", m.id),
    )
    .await;
    assert!(html.contains(&format!("name=\"{lea_box}\" value=\"on\" checked")));
    let (status, _, _) = post_page(
        &treasurer,
        &server,
        &format!("/dashboard/memberships/{}", m.id),
        &[
            ("category_id", fam.as_str()),
            ("amount", "40"),
            ("paid_on", today.as_str()),
            ("payment_method", "transfer"),
            (lea_box.as_str(), "on"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let covered = memberships::people(&mut server.app.db.conn().unwrap(), m.id).unwrap();
    assert_eq!(covered.len(), 1);
    assert_eq!(covered[0].id, lea.id);
    server.stop().await;
}

both_backends!(async deleting_a_membership_asks_to_confirm_and_leaves_a_line_in_the_history);
async fn deleting_a_membership_asks_to_confirm_and_leaves_a_line_in_the_history(backend: Backend) {
    let (_storage, server) = start(backend).await;
    let zoe = new_contact(&server, "Zoé", "Blanc", "zoe@example.org");
    let normal = new_category(&server, "Normale", "fixed", 2500);
    let m = new_membership(&server, zoe.id, &normal, 2500, today_paris(), vec![]);
    let treasurer = signed_in(&server, "tresor@example.org", Role::Treasurer)
        .await
        .0;
    let (status, html) = get_page(
        &treasurer,
        &server,
        &format!("/dashboard/memberships/{}", m.id),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    // The delete button sits behind a confirmation step.
    let danger = html
        .find("<details class=\"danger-zone\">")
        .expect("a confirmation step");
    let confirm = html.find("Oui, supprimer cette adhésion").unwrap();
    assert!(confirm > danger);

    let editor = signed_in(&server, "ed@example.org", Role::Editor).await.0;
    let (status, _, _) = post_page(
        &editor,
        &server,
        &format!("/dashboard/memberships/{}/delete", m.id),
        &[],
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(memberships_of(&server, zoe.id).len(), 1);

    let (status, location, _) = post_page(
        &treasurer,
        &server,
        &format!("/dashboard/memberships/{}/delete", m.id),
        &[],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(
        location,
        format!("/dashboard/contacts/{}/memberships?done=deleted", zoe.id)
    );
    assert!(memberships_of(&server, zoe.id).is_empty());
    assert!(
        log_of(&server, zoe.id)
            .iter()
            .any(|e| e.action == history::Action::Membership && e.detail.starts_with("deleted"))
    );
    let (status, _, _) = post_page(
        &treasurer,
        &server,
        &format!("/dashboard/memberships/{}/delete", m.id),
        &[],
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    server.stop().await;
}

both_backends!(async the_lists_count_and_show_members_those_to_renew_and_those_who_lapsed);
async fn the_lists_count_and_show_members_those_to_renew_and_those_who_lapsed(backend: Backend) {
    let (_storage, server) = start(backend).await;
    let normal = new_category(&server, "Normale", "fixed", 2500);
    let family = new_category(&server, "Famille", "family", 4000);
    let t = days_from_today;
    let anne = new_contact(&server, "Anne", "Martin", "anne@example.org");
    let bruno = new_contact(&server, "Bruno", "Dubois", "bruno@example.org");
    let chloe = new_contact(&server, "Chloé", "Petit", "chloe@example.org");
    let _denis = new_contact(&server, "Denis", "Roux", "denis@example.org");
    let emile = new_contact(&server, "Émile", "Lefèvre", "emile@example.org");
    let fanny = new_contact(&server, "Fanny", "Garnier", "fanny@example.org");
    let gaston = new_contact(&server, "Gaston", "Bernard", "gaston@example.org");

    let fam = new_membership(
        &server,
        anne.id,
        &family,
        4000,
        today_paris(),
        vec![emile.id],
    );
    set_period(&server, fam.id, t(-100), t(200));
    membership_between(&server, bruno.id, &normal, t(-300), t(10));
    membership_between(&server, chloe.id, &normal, t(-400), t(-5));
    membership_between(&server, fanny.id, &normal, t(-10), t(300));
    membership_between(&server, gaston.id, &normal, t(-800), t(-400));
    membership_between(&server, gaston.id, &normal, t(-30), t(330));
    diesel::update(schema::contacts::table.find(fanny.id))
        .set(schema::contacts::anonymized_at.eq(Some(cheminement::db::now())))
        .execute(&mut *server.app.db.conn().unwrap())
        .unwrap();

    let treasurer = signed_in(&server, "tresor@example.org", Role::Treasurer)
        .await
        .0;
    let (status, html) = get_page(&treasurer, &server, "/dashboard/members").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("4 adhérents à jour, dont 1 à renouveler bientôt."),
        "{html}"
    );
    assert!(html.contains("Adhérents (4)"));
    assert!(html.contains("À renouveler (1)"));
    assert!(html.contains("Adhésion terminée (1)"));
    // Sorted by last name: Bernard, Dubois, Lefèvre, Martin.
    let at = |name: &str| {
        html.find(name)
            .unwrap_or_else(|| panic!("{name} is listed"))
    };
    assert!(at("Gaston Bernard") < at("Bruno Dubois"));
    assert!(at("Bruno Dubois") < at("Émile Lefèvre"));
    assert!(at("Émile Lefèvre") < at("Anne Martin"));
    for absent in ["Chloé Petit", "Denis Roux", "Fanny"] {
        assert!(!html.contains(absent), "{absent} is not a member today");
    }
    // Émile is a member by Anne's family membership.
    let emile_row = &html[at("Émile Lefèvre")..];
    let emile_row = &emile_row[..emile_row.find("</tr>").unwrap()];
    assert!(emile_row.contains("Famille"));
    assert!(emile_row.contains("40,00 €"));
    assert!(html.contains("href=\"/dashboard/members/export.csv?view=current\""));

    let (_, html) = get_page(&treasurer, &server, "/dashboard/members?view=renew").await;
    assert!(html.contains("Bruno Dubois"));
    assert!(!html.contains("Anne Martin"));
    assert!(html.contains(&t(10).format("%d/%m/%Y").to_string()));
    let (_, html) = get_page(&treasurer, &server, "/dashboard/members?view=lapsed").await;
    assert!(html.contains("Chloé Petit"));
    assert!(html.contains("Terminée le"));
    assert!(!html.contains("Gaston Bernard"), "Gaston renewed");
    assert!(html.contains("href=\"/dashboard/members/export.csv?view=lapsed\""));

    // The search folds accents and case.
    for q in ["lefevre", "EMILE", "émile lef"] {
        let (_, html) = get_page(
            &treasurer,
            &server,
            &format!("/dashboard/members?view=current&q={}", urlencoded(q)),
        )
        .await;
        assert!(html.contains("Émile Lefèvre"), "{q}");
        assert!(!html.contains("Anne Martin"), "{q}");
    }
    let (_, html) = get_page(&treasurer, &server, "/dashboard/members?q=zzz").await;
    assert!(html.contains("Aucune personne de cette liste ne porte ce nom."));

    // 50 a page, through the API as through the page.
    for n in 0..52 {
        let c = new_contact(&server, "Membre", &format!("Zz{n:02}"), "");
        membership_between(&server, c.id, &normal, t(-1), t(100));
    }
    let token = server.token_for("script@example.org", Role::Treasurer);
    let (status, first) = api(
        &server,
        &token,
        reqwest::Method::GET,
        "/api/v1/members",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        first["counts"],
        json!({"current": 56, "renew": 1, "lapsed": 1})
    );
    assert_eq!(first["members"].as_array().unwrap().len(), 50);
    assert_eq!(first["more"], true);
    assert_eq!(first["members"][0]["last_name"], "Bernard");
    let (_, second) = api(
        &server,
        &token,
        reqwest::Method::GET,
        "/api/v1/members?view=current&page=2",
        None,
    )
    .await;
    assert_eq!(second["members"].as_array().unwrap().len(), 6);
    assert_eq!(second["more"], false);
    let (_, html) = get_page(&treasurer, &server, "/dashboard/members?page=2").await;
    assert!(html.contains("Zz51"));
    assert!(html.contains("Page précédente"));
    let (status, _) = api(
        &server,
        &token,
        reqwest::Method::GET,
        "/api/v1/members?view=everyone",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let editor_token = server.token_for("ed@example.org", Role::Editor);
    let (status, _) = api(
        &server,
        &editor_token,
        reqwest::Method::GET,
        "/api/v1/members",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    server.stop().await;
}
