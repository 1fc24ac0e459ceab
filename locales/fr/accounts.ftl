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
