### The words of accounts hardening: invitations by mail, and the public forms' limit.

invite_title = Choisir votre mot de passe
invite_help = La personne reçoit un lien, valable 7 jours, pour choisir elle-même son mot de passe.
invite_send = Inviter par e-mail
invite_sent = Invitation envoyée.
invite_pending = Invitations en attente
invite_expires = Valable jusqu'au
invitation_invalid = Ce lien d'invitation a déjà servi ou a expiré. Demandez une nouvelle invitation à la personne qui gère les comptes.
form_limit_title = Trop d'envois
form_limit_reached = Trop de formulaires ont été envoyés depuis votre connexion en une heure. Réessayez un peu plus tard.

## Mails: $site is the association's name, $link the one-time link, $hello the greeting

reset_mail_subject = { $site } : choisir un nouveau mot de passe
reset_mail_text =
    { $hello }

    Pour choisir un nouveau mot de passe, ouvrez ce lien (valable une heure) :

    { $link }

    Si vous n'avez rien demandé, ignorez ce message : votre mot de passe ne change pas.
invitation_mail_subject = { $site } : votre compte vous attend
invitation_mail_text =
    { $hello }

    Un compte a été préparé pour vous sur le site de { $site }. Pour choisir votre mot de passe et l'ouvrir, suivez ce lien (valable 7 jours, une seule fois) :

    { $link }

    Si vous ne vous attendiez pas à ce message, ignorez-le : aucun compte ne sera créé.

## Roles

role_admin = Administrateur·rice
role_editor = Rédacteur·rice
role_organizer = Organisateur·rice
role_treasurer = Trésorier·ère
role_member = Adhérent·e
