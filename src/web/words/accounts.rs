//! The words of accounts hardening: invitations by mail, and the public forms' limit.

pub const WORDS: &[(&str, &str, &str)] = &[
    (
        "invite_title",
        "Choisir votre mot de passe",
        "Choose your password",
    ),
    (
        "invite_help",
        "La personne reçoit un lien, valable 7 jours, pour choisir elle-même son mot de passe.",
        "The person gets a link, valid for 7 days, to choose their own password.",
    ),
    ("invite_send", "Inviter par e-mail", "Invite by email"),
    ("invite_sent", "Invitation envoyée.", "Invitation sent."),
    (
        "invite_pending",
        "Invitations en attente",
        "Pending invitations",
    ),
    ("invite_expires", "Valable jusqu'au", "Valid until"),
    (
        "invitation_invalid",
        "Ce lien d'invitation a déjà servi ou a expiré. Demandez une nouvelle invitation à la personne qui gère les comptes.",
        "This invitation link has already been used or has expired. Ask whoever manages the accounts for a new invitation.",
    ),
    ("form_limit_title", "Trop d'envois", "Too many submissions"),
    (
        "form_limit_reached",
        "Trop de formulaires ont été envoyés depuis votre connexion en une heure. Réessayez un peu plus tard.",
        "Too many forms were sent from your connection within an hour. Try again a little later.",
    ),
];
