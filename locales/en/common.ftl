### Common words: navigation, buttons, field errors.

## Navigation and common words

home = Home
news = News
dashboard = Dashboard
login = Log in
logout = Log out
save = Save
preview = Preview
delete = Delete
edit = Edit
new = New
back = Back
email = Email address
password = Password
new_password = New password
current_password = Current password
name = Name
title = Title
summary = Summary (optional)
body = Text (Markdown)
slug = Page address
publish = Publish
published = Published
draft = Draft
in_menu = Show in the menu
menu_order = Position in the menu
pages = Pages
posts = News posts
images = Images
followers = Fediverse followers
jobs = Background tasks
accounts = Accounts
my_account = My account
nav_contacts = Contacts
nav_members = Members
nav_books = Books
nav_newsletter = Newsletter
nav_lists = Subscribers
nav_privacy = Personal data
nav_my_record = My record
api_tokens = API tokens
no_news = No news yet.
read_more = Read more
follow_us = Follow us from Mastodon or anywhere on the fediverse:
feed = Atom feed
language = Language
not_found = This page does not exist (any more).
forgot_password = Forgot your password?
reset_password = Choose a new password
reset_sent = If an account exists for this address, an email has just been sent to it with a link valid for one hour.
send_link = Send the link
setup_title = Create the first admin account
saved = Saved.
password_changed = Your password has been changed.
upload = Upload the image
image_types_and_size = PNG, JPEG, GIF, WebP, 5 MB
file = File
remove = Remove
block_actor = Block this account
block_domain = Block this whole server
blocked = Blocked
block_kind_actor = Account
block_kind_domain = Whole server
unblock = Unblock
retry = Retry
status = Status
attempts = Attempts
error = Error
role = Role
create = Create
token_created = Here is your token. Copy it now: it will not be shown again.
revoke = Revoke
form_has_errors = The form has mistakes, shown below.
forbidden = Your role does not allow you to open this page.
csrf_failed = The form has expired. Reload the page and try again.
too_many_attempts = Too many attempts. Wait a few minutes before trying again.
delete_warning = Deleting is final. On the fediverse, followers are told to remove it.
delete_confirm = Yes, delete
see_on_site = See it on the site
new_post = New post
edit_post = Edit the post
new_page = New page
edit_page = Edit the page
failed_jobs = Failed tasks

## Field errors

required = This field is required.
too_long = This text is too long.
email_invalid = This email address is not valid.
email_taken = An account already exists with this address.
password_too_short = The password must be at least 10 characters long.
password_too_long = The password is too long.
login_failed = Wrong address or password.
slug_invalid = Use only lowercase letters without accents, digits and hyphens.
slug_taken = Another page already uses this address.
file_empty = Choose a file.
file_too_large = The image is larger than 5 MB.
file_not_image = This file is not a PNG, JPEG, GIF or WebP image.
reset_link_invalid = This link is no longer valid. Ask for a new one.
setup_link_invalid = This setup link is no longer valid.
token_name_required = Give the token a name (for example: import script).
url_invalid = This is not a valid web address.
domain_invalid = This is not a valid domain name.
block_kind_invalid = A block is of one account or of a whole server: use the “Block this account” or “Block this whole server” button in the list of followers.
last_admin = There must be at least one admin left.
passwords_differ = The two passwords are not the same.
wrong_password = The current password is wrong.

## Mails: the greeting, with the first name when there is one

mail_hello = Hello,
mail_hello_name = Hello { $first },

## This language's name in its own words, for the switch in the other language

language_name = English

## Accessibility

skip_to_content = Skip to content
