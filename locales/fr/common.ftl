### Common words: navigation, buttons, field errors.

## Navigation and common words

home = Accueil
news = Actualités
dashboard = Tableau de bord
login = Se connecter
logout = Se déconnecter
save = Enregistrer
preview = Aperçu
delete = Supprimer
edit = Modifier
new = Nouveau
back = Retour
email = Adresse e-mail
password = Mot de passe
new_password = Nouveau mot de passe
current_password = Mot de passe actuel
name = Nom
title = Titre
summary = Résumé (facultatif)
body = Texte (Markdown)
slug = Adresse de la page
publish = Publier
published = Publié
draft = Brouillon
in_menu = Afficher dans le menu
menu_order = Position dans le menu
pages = Pages
posts = Actualités
images = Images
followers = Abonnés du fédivers
jobs = Tâches en attente
accounts = Comptes
my_account = Mon compte
nav_contacts = Contacts
nav_members = Adhérents
nav_books = Comptabilité
nav_newsletter = Lettre d'information
nav_lists = Abonnés
nav_privacy = Données personnelles
nav_my_record = Ma fiche
api_tokens = Jetons d'accès à l'API
no_news = Pas encore d'actualités.
read_more = Lire la suite
follow_us = Suivez-nous depuis Mastodon ou tout le fédivers :
feed = Flux Atom
language = Langue
not_found = Cette page n'existe pas (ou plus).
forgot_password = Mot de passe oublié ?
reset_password = Choisir un nouveau mot de passe
reset_sent = Si un compte existe pour cette adresse, un e-mail vient de lui être envoyé avec un lien valable une heure.
send_link = Envoyer le lien
setup_title = Créer le premier compte administrateur
saved = C'est enregistré.
password_changed = Votre mot de passe a été changé.
upload = Envoyer l'image
image_types_and_size = PNG, JPEG, GIF, WebP, 5 Mo
file = Fichier
remove = Retirer
block_actor = Bloquer ce compte
block_domain = Bloquer tout ce serveur
blocked = Bloqués
block_kind_actor = Compte
block_kind_domain = Tout le serveur
unblock = Débloquer
retry = Relancer
status = État
attempts = Essais
error = Erreur
role = Rôle
create = Créer
token_created = Voici votre jeton. Copiez-le maintenant : il ne sera plus affiché.
revoke = Révoquer
form_has_errors = Le formulaire contient des erreurs, corrigées ci-dessous.
forbidden = Votre rôle ne permet pas d'ouvrir cette page.
csrf_failed = Le formulaire a expiré. Rechargez la page et recommencez.
too_many_attempts = Trop d'essais. Attendez quelques minutes avant de réessayer.
delete_warning = La suppression est définitive. Sur le fédivers, les abonnés recevront l'ordre de la retirer.
delete_confirm = Oui, supprimer
see_on_site = Voir sur le site
new_post = Nouvelle actualité
edit_post = Modifier l'actualité
new_page = Nouvelle page
edit_page = Modifier la page
failed_jobs = Tâches en échec

## Field errors

required = Ce champ est obligatoire.
too_long = Ce texte est trop long.
email_invalid = Cette adresse e-mail n'est pas valide.
email_taken = Un compte existe déjà avec cette adresse.
password_too_short = Le mot de passe doit faire au moins 10 caractères.
password_too_long = Le mot de passe est trop long.
login_failed = Adresse ou mot de passe incorrect.
slug_invalid = Utilisez seulement des minuscules sans accent, des chiffres et des tirets.
slug_taken = Une autre page utilise déjà cette adresse.
file_empty = Choisissez un fichier.
file_too_large = L'image dépasse 5 Mo.
file_not_image = Ce fichier n'est pas une image PNG, JPEG, GIF ou WebP.
reset_link_invalid = Ce lien n'est plus valable. Demandez-en un nouveau.
setup_link_invalid = Ce lien d'installation n'est plus valable.
token_name_required = Donnez un nom au jeton (par exemple : script d'import).
url_invalid = Ce n'est pas une adresse web valide.
domain_invalid = Ce n'est pas un nom de domaine valide.
block_kind_invalid = Un blocage vise un compte ou tout un serveur : utilisez le bouton « Bloquer ce compte » ou « Bloquer tout ce serveur » de la liste des abonnés.
last_admin = Il doit rester au moins un administrateur.
passwords_differ = Les deux mots de passe ne sont pas identiques.
wrong_password = Le mot de passe actuel n'est pas le bon.

## Mails: the greeting, with the first name when there is one

mail_hello = Bonjour,
mail_hello_name = Bonjour { $first },

## This language's name in its own words, for the switch in the other language

language_name = Français

## Accessibility

skip_to_content = Aller au contenu
