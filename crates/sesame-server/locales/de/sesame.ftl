# Sesame-Webseiten, Deutsch.

skip-to-content = Zum Inhalt springen
nav-label = Hauptmenü
nav-profile = Profil
nav-sign-in = Anmelden
nav-sign-out = Abmelden
footer-text = Passwort selbst zurücksetzen und Identität bestätigen

signin-title = Anmelden
signin-intro = Melden Sie sich an, um festzulegen, wie Sie Ihre Identität bestätigen.
signin-username = Benutzername
signin-password = Passwort
signin-submit = Anmelden
signin-failed = Benutzername oder Passwort ist falsch.
signin-locked = Zu viele fehlgeschlagene Anmeldungen. Versuchen Sie es später erneut.
signin-busy = Der Server ist ausgelastet. Versuchen Sie es gleich noch einmal.
signin-signed-out = Sie haben sich abgemeldet.
signin-expired = Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.

profile-title = Ihr Profil
profile-greeting = Hallo, { $name }.
profile-details = Ihre Angaben
field-username = Benutzername
field-display-name = Name
field-email = E-Mail-Adresse
field-phone = Telefonnummer
field-language = Sprache
field-groups = Gruppen
value-none = Nicht angegeben
profile-enrollments = Ihre Verifizierungen
enrollments-intro = Verifizierungen, mit denen Sie nachweisen, wer Sie sind.
enrollments-none = Sie haben noch keine Verifizierung eingerichtet.
enrollments-verification = Verifizierung
enrollments-state = Status
enrollments-updated = Zuletzt geändert
enrollment-state-pending = Ausstehend
enrollment-state-active = Aktiv

error-not-found-title = Seite nicht gefunden
error-not-found-text = Unter dieser Adresse gibt es keine Seite.
error-form-expired = Das Formular ist abgelaufen. Bitte versuchen Sie es erneut.
error-title = Etwas ist schiefgegangen
error-text = Die Anfrage konnte nicht ausgeführt werden. Bitte versuchen Sie es später erneut.
