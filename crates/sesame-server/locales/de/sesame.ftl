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
field-employee-id = Personalnummer
field-language = Sprache
language-en = Englisch
language-de = Deutsch
language-es = Spanisch
field-groups = Gruppen
value-none = Nicht angegeben
profile-phone = Am Telefon
profile-phone-usable = Wenn Sie anrufen, kann ein Sprachassistent Sie hiermit erkennen:
profile-phone-none = Sie können sich am Telefon noch nicht ausweisen.
profile-phone-missing = Richten Sie dies ein, um es bei Anrufen zu nutzen:
password-change-title = Passwort ändern
password-current = Aktuelles Passwort
password-change-submit = Passwort ändern
password-changed = Ihr Passwort wurde geändert. Alle anderen Sitzungen wurden abgemeldet.
error-password-current_wrong = Das aktuelle Passwort ist nicht richtig.
error-auth-locked = Zu viele falsche Passwörter. Versuchen Sie es in { $wait } erneut.
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
error-rate-limited-title = Zu viele Versuche
error-rate-limited-text = Aus Ihrem Netzwerk kamen zu viele Versuche. Versuchen Sie es in { $seconds } Sekunden erneut.
error-control-characters = Das Formular enthält unzulässige Zeichen, etwa Steuerzeichen.
error-title = Etwas ist schiefgegangen
error-text = Die Anfrage konnte nicht ausgeführt werden. Bitte versuchen Sie es später erneut.

nav-soft-pin = Soft-PIN
profile-soft-pin = Soft-PIN
verification-soft_pin = Soft-PIN
soft-pin-none = Sie haben noch keine Soft-PIN festgelegt. Mit einer Soft-PIN bestätigen Sie am Telefon, wer Sie sind.
soft-pin-set-on = Festgelegt am { $date }.
soft-pin-expires-on = Gültig bis { $date }.
soft-pin-never-expires = Sie läuft nicht ab.
soft-pin-expires-soon = { $days ->
    [one] Ihre Soft-PIN läuft in einem Tag ab. Bitte ändern Sie sie.
   *[other] Ihre Soft-PIN läuft in { $days } Tagen ab. Bitte ändern Sie sie.
}
soft-pin-expired = Ihre Soft-PIN ist abgelaufen. Legen Sie eine neue fest, um sie weiter zu nutzen.
soft-pin-saved = Ihre Soft-PIN wurde gespeichert.
soft-pin-title-enroll = Soft-PIN festlegen
soft-pin-title-change = Soft-PIN ändern
soft-pin-intro = Eine Soft-PIN ist eine sechsstellige Zahl, die Sie bei einem Anruf über die Tastatur oder per Sprache angeben, um zu bestätigen, wer Sie sind.
soft-pin-rules-heading = Ihre Soft-PIN muss
soft-pin-rule-length = genau sechs Ziffern haben;
soft-pin-rule-repetition = keine Ziffer mehr als zweimal hintereinander enthalten (nicht 111234);
soft-pin-rule-sequence = keine drei auf- oder absteigenden Ziffern enthalten (nicht 123 oder 987);
soft-pin-rule-history = sich von Ihren letzten { $depth } Soft-PINs unterscheiden.
soft-pin-field = Neue Soft-PIN
soft-pin-confirm-field = Neue Soft-PIN wiederholen
soft-pin-submit = Soft-PIN speichern
soft-pin-cancel = Zurück zum Profil
soft-pin-errors-heading = Bitte wählen Sie eine andere Soft-PIN:
soft-pin-error-length = Sie muss genau sechs Ziffern von 0 bis 9 haben.
soft-pin-error-repetition = Eine Ziffer kommt mehr als zweimal hintereinander vor.
soft-pin-error-sequence = Sie enthält drei Ziffern, die um eins auf- oder absteigen.
soft-pin-error-history = Sie entspricht einer Ihrer letzten { $depth } Soft-PINs.
soft-pin-error-mismatch = Die beiden Eingaben stimmen nicht überein.
soft-pin-unavailable = Die Soft-PIN-Registrierung ist derzeit nicht verfügbar. Bitte wenden Sie sich für weitere Informationen an Ihren Administrator.

email-code-subject = Ihr { $product }-Bestätigungscode
email-code-body =
    Ihr Bestätigungscode lautet { $code }.

    Er ist { $minutes } Minuten gültig. Wenn Sie diesen Code nicht angefordert haben, können Sie diese Nachricht ignorieren.
sms-code-body = { $product }-Code: { $code }. Gültig für { $minutes } Minuten.
assist-sms-body = { $product }-Code: { $code }. Lesen Sie ihn dem Service-Desk-Mitarbeiter vor, der ihn angefordert hat. Gültig für { $minutes } Minuten.

profile-codes = Wege, sich auszuweisen
profile-codes-intro = Richten Sie Einmalcodes per E-Mail oder SMS, eine Authenticator-App oder Sicherheitsfragen ein.
enrollment-active = Ihre Registrierung ist aktiv.
enrollment-removed = Die Registrierung wurde entfernt.
enrollments-destination = Gesendet an
verification-email = Codes per E-Mail
verification-sms = Codes per SMS
codes-title-email = E-Mail-Adresse für Codes
codes-title-sms = Mobilnummer für Codes
codes-current = Derzeit registriert
codes-none = Noch nichts registriert.
codes-active = Codes gehen an { $destination }.
codes-pending = { $destination } ist bestätigt. Senden Sie es ab, um es zu nutzen.
codes-remove = Entfernen
codes-remove-confirm = Diese Verifizierung entfernen? Bis Sie sie neu einrichten, kann sie Sie nicht ausweisen.
codes-remove-yes = Ja, entfernen
codes-submit = Absenden
codes-step-send = 1. Code anfordern
codes-address-email = E-Mail-Adresse
codes-address-sms = Mobilnummer im internationalen Format
codes-send = Code senden
codes-step-enter = 2. Code eingeben
codes-code = Code
codes-confirm = Bestätigen
codes-sent = Wir haben einen Code an { $destination } gesendet.
codes-verified = Der Code ist richtig. Senden Sie ab, um abzuschließen.
error-code-invalid = Der Code ist nicht richtig. Prüfen Sie ihn und versuchen Sie es erneut.
error-code-expired = Der Code ist abgelaufen. Fordern Sie einen neuen an.
error-code-too_many_attempts = Der Code wurde zu oft falsch eingegeben. Fordern Sie einen neuen an.
error-code-resend_too_soon = Gerade wurde ein Code gesendet. Einen weiteren können Sie in { $wait } anfordern.
error-code-daily_limit = Heute wurden zu viele Codes gesendet. Versuchen Sie es in { $wait } erneut.
error-delivery-unavailable = Codes können derzeit nicht gesendet werden. Bitte wenden Sie sich an Ihren Administrator.
error-user-email_invalid = Die E-Mail-Adresse ist nicht gültig.
error-user-phone_invalid = Geben Sie die Nummer im internationalen Format ein, etwa +4930901820.

notice-soft-pin-changed-subject = Ihre { $product }-Soft-PIN wurde geändert
notice-soft-pin-changed-body =
    Ihre Soft-PIN wurde am { $date } (UTC) festgelegt oder geändert.

    Wenn Sie das nicht waren, rufen Sie sofort Ihren Service Desk an.

authenticator-title = Authenticator-App
authenticator-intro = Erzeugen Sie mit einer Authenticator-App auf Ihrem Telefon Codes, die beweisen, wer Sie sind.
authenticator-active = Ihre Authenticator-App ist eingerichtet.
authenticator-start = Authenticator-App einrichten
authenticator-restart = Mit neuem Schlüssel neu einrichten
authenticator-scan = Scannen Sie diesen Code mit Ihrer App
authenticator-qr-caption = Der QR-Code enthält Ihren neuen Schlüssel. Geben Sie ihn nicht weiter.
authenticator-manual = Der Code lässt sich nicht scannen?
authenticator-manual-key = Geben Sie diesen Schlüssel in Ihrer App ein (zeitbasiert):
authenticator-copy = Schlüssel kopieren
authenticator-open-app = In einer Authenticator-App auf diesem Gerät öffnen
authenticator-code = Der { $digits }-stellige Code, den Ihre App gerade zeigt
authenticator-confirm = Bestätigen
verification-authenticator = Authenticator-App
error-authenticator-invalid_code = Der Code ist nicht richtig. Prüfen Sie die Uhrzeit Ihres Telefons und versuchen Sie den aktuellen Code.
error-authenticator-locked = Zu viele falsche Codes. Versuchen Sie es in { $wait } erneut.

questions-title = Sicherheitsfragen
questions-intro = Wählen Sie { $count } Fragen und beantworten Sie jede. Einige davon werden Ihnen gestellt, um zu prüfen, wer Sie sind. Groß- und Kleinschreibung und zusätzliche Leerzeichen zählen nicht.
questions-enrolled = Sie haben { $count } Fragen beantwortet. Erneutes Speichern ersetzt sie.
questions-number = Frage { $number }
questions-question = Frage
questions-answer = Ihre Antwort
questions-save = Antworten speichern
verification-qa = Sicherheitsfragen
error-questions-count = Beantworten Sie jede Frage.
error-questions-unknown = Eine der Fragen kann nicht mehr gewählt werden.
error-questions-repeated = Wählen Sie jede Frage nur einmal.
error-questions-answer_too_short = Eine Antwort ist zu kurz.
error-questions-answer_invalid = Eine Antwort darf höchstens 200 Zeichen und keine Steuerzeichen enthalten.
error-questions-answers_repeated = Geben Sie auf jede Frage eine andere Antwort.
error-auth-reauthentication_required = Um eine Verifizierung zu entfernen, melden Sie sich zuerst ab und wieder an.

notice-soft-pin-expiring-subject = Ihre { $product }-Soft-PIN läuft bald ab
notice-soft-pin-expiring-body =
    Ihre Soft-PIN, mit der Sie sich bei Anrufen ausweisen, läuft bald ab.

    Melden Sie sich bei { $product } an und legen Sie auf Ihrer Profilseite eine neue fest, um sie weiter zu nutzen.

notice-password-reset-subject = Ihr { $product }-Passwort wurde zurückgesetzt
notice-password-reset-body =
    Ihr Passwort wurde am { $date } (UTC) zurückgesetzt, und alle Sitzungen wurden abgemeldet.

    Wenn Sie das nicht waren, rufen Sie sofort Ihren Service Desk an.

notice-password-changed-subject = Ihr { $product }-Passwort wurde geändert
notice-password-changed-body =
    Ihr Passwort wurde am { $date } (UTC) geändert, und alle anderen Sitzungen wurden abgemeldet.

    Wenn Sie das nicht waren, rufen Sie sofort Ihren Service Desk an.

notice-account-unlocked-subject = Ihr { $product }-Konto wurde entsperrt
notice-account-unlocked-body =
    Ihr Konto wurde am { $date } (UTC) entsperrt.

    Wenn Sie das nicht waren, rufen Sie sofort Ihren Service Desk an.

generated-password-subject = Ihr neues { $product }-Passwort
generated-password-body =
    Ihr neues Passwort lautet: { $password }

    Melden Sie sich damit an und halten Sie es geheim.

signin-forgot = Passwort vergessen?
reset-title = Passwort zurücksetzen
reset-intro = Weisen Sie mit Ihren eingerichteten Verifizierungen nach, wer Sie sind, und wählen Sie dann ein neues Passwort.
reset-unavailable = Das Zurücksetzen des Passworts ist nicht verfügbar. Bitte wenden Sie sich an Ihren Service Desk.
reset-process = Was möchten Sie zurücksetzen?
reset-identifier-username = Benutzername
reset-identifier-email = E-Mail-Adresse
reset-identifier-either = Benutzername oder E-Mail-Adresse
reset-continue = Weiter
reset-back-to-signin = Zurück zur Anmeldung
reset-ended-expired = Ihre Anfrage ist abgelaufen. Bitte beginnen Sie neu.
reset-ended-failed = Eine Verifizierung ist fehlgeschlagen, daher wurde die Anfrage beendet. Sie können neu beginnen.
reset-ended-finished = Diese Anfrage ist abgeschlossen.
reset-ended-missing = Sagen Sie uns zuerst, wer Sie sind.
reset-verify-title = Identität bestätigen
reset-remaining = Bestehen Sie noch { $count } der folgenden Verifizierungen. Wenn Sie für eine nicht eingerichtet sind, wählen Sie eine andere.
reset-verified = Sie haben die Verifizierungen bestanden.
reset-mandatory = (erforderlich)
reset-passed = Bestanden.
reset-send-code = Code senden
reset-send-again = Neuen Code senden
reset-code-sent = Wenn Sie dafür eine Adresse oder Nummer eingerichtet haben, ist ein Code unterwegs. Geben Sie ihn hier ein.
reset-check = Prüfen
reset-ask-questions = Meine Sicherheitsfragen beantworten
reset-authenticator-code = Der Code aus Ihrer Authenticator-App
reset-soft-pin = Ihre Soft-PIN
reset-confirm-email = Ihre E-Mail-Adresse
reset-enter-username = Ihr Benutzername
reset-start-over = Neu beginnen
reset-failed-title = Verifizierung fehlgeschlagen
reset-failed-text = Diese Antwort war nicht richtig und es bleiben keine Versuche, daher wurde die Anfrage beendet. Sie können neu beginnen; nach mehreren fehlgeschlagenen Anfragen wird das Zurücksetzen für einen Tag gesperrt.
reset-wrong = { $tries ->
    [one] Diese Antwort war nicht richtig. Sie haben noch einen Versuch; nach einer weiteren falschen Antwort endet diese Anfrage.
   *[other] Diese Antwort war nicht richtig. Sie haben noch { $tries } Versuche; nach dem letzten endet diese Anfrage.
}
help-desk-contact = Wenn Sie nicht weiterkommen, hilft Ihnen der Helpdesk: { $contact }
reset-finish-title = Wählen Sie, was geschehen soll
reset-new-password = Neues Passwort
reset-password-rules = Mindestens { $min } Zeichen. Einige zusammenhanglose Wörter ergeben ein starkes Passwort; es darf Ihren Namen nicht enthalten und nicht kürzlich verwendet worden sein.
reset-confirm-password = Neues Passwort wiederholen
reset-set-password = Neues Passwort festlegen
reset-password-problems = Das neue Passwort wurde nicht angenommen:
reset-passwords-differ = Die beiden Passwörter stimmen nicht überein.
reset-generated-intro = Für Sie wird ein neues Passwort erzeugt.
reset-generate = Neues Passwort erzeugen
reset-unlock-title = Konto entsperren
reset-unlock-intro = Wenn Ihr Konto nach zu vielen falschen Passwörtern gesperrt ist, können Sie es entsperren und Ihr Passwort behalten.
reset-unlock = Mein Konto entsperren
reset-strength-0 = Stärke: sehr schwach
reset-strength-1 = Stärke: schwach
reset-strength-2 = Stärke: mittel
reset-strength-3 = Stärke: stark
reset-strength-4 = Stärke: sehr stark
reset-done-title = Passwort geändert
reset-done = Ihr Passwort wurde geändert und alle Sitzungen wurden abgemeldet. Melden Sie sich mit dem neuen Passwort an.
reset-done-generated = Ihr neues Passwort steht unten. Es wird nur dieses eine Mal angezeigt.
reset-generated-once = Notieren Sie es jetzt oder speichern Sie es in einem Passwort-Manager; Sie sehen es nicht wieder.
reset-done-sent-email = Ihr neues Passwort wurde an Ihre E-Mail-Adresse gesendet.
reset-done-sent-sms = Ihr neues Passwort wurde an Ihr Telefon gesendet.
reset-unlocked = Ihr Konto ist entsperrt. Sie können sich mit Ihrem Passwort anmelden.
reset-go-signin = Zur Anmeldung
error-reset-blocked = Zu viele fehlgeschlagene Anfragen. Das selbstständige Zurücksetzen ist gesperrt; versuchen Sie es in { $wait } erneut, oder Ihr Service Desk hilft früher.
error-reset-identifier = Geben Sie Ihren Benutzernamen oder Ihre E-Mail-Adresse ein.
error-process-not_found = Dieses Zurücksetzen ist nicht verfügbar.
error-verification-locked = Diese Verifizierung ist nach zu vielen Fehlversuchen gesperrt. Wählen Sie eine andere oder versuchen Sie es in { $wait } erneut.
error-directory-unavailable = Das Verzeichnis ist gerade nicht erreichbar, daher wurde nichts geändert. Bitte versuchen Sie es später erneut.
error-reset-generate_not_allowed = Wählen Sie Ihr neues Passwort selbst.
error-password-too_short = Das Passwort ist zu kurz.
error-password-too_long = Das Passwort ist zu lang.
error-password-too_weak = Das Passwort ist zu leicht zu erraten. Verwenden Sie eine längere Folge zusammenhangloser Wörter.
error-password-contains_identity = Das Passwort darf weder Ihren Benutzernamen noch Ihre E-Mail-Adresse enthalten.
error-password-reused = Sie haben dieses Passwort kürzlich verwendet. Wählen Sie ein neues.

nav-desk = Service Desk
desk-title = Service Desk
desk-lookup = Anrufer finden
desk-lookup-label = Benutzername, E-Mail, Telefon oder Personalnummer
desk-find = Suchen
desk-no-user = Kein Benutzer passt zu { $name }. Versuchen Sie Benutzername, E-Mail-Adresse, Telefonnummer (+49…) oder Personalnummer.
desk-status-active = Das Konto ist aktiv.
desk-status-disabled = Das Konto ist deaktiviert.
desk-no-locks = Es gilt keine Sperre.
desk-locks = Geltende Sperren
desk-locked-until = bis { $time } UTC
desk-unlock-user = Alle Sperren aufheben
desk-lock-signin = Anmeldung
desk-lock-reset = Selbstständiges Zurücksetzen
desk-lock-assist = Anrufercodes per SMS
desk-lock-phone = Am Telefon: { $name }
desk-wrong = { $tries ->
    [one] Die Antwort war falsch. Eine weitere falsche Antwort beendet diese Anfrage.
   *[other] Die Antwort war falsch. { $tries } weitere falsche Antworten beenden diese Anfrage.
}
desk-enrollments = Eingerichtete Verifizierungen
desk-no-enrollments = Dieser Benutzer hat keine Verifizierung eingerichtet.
desk-no-process = Für diesen Benutzer gilt kein Zurücksetzungsprozess.
desk-start = Anfrage beginnen
desk-helping = Sie verifizieren { $name }. Fragen Sie den Anrufer nach jeder Antwort; lesen Sie keine Codes vor.
desk-code-sent = Ein Code wurde an die eingerichtete Adresse oder Nummer des Anrufers gesendet. Bitten Sie ihn, ihn vorzulesen.
desk-reset = Mit erzeugtem Passwort zurücksetzen
desk-reset-done = Das Passwort wurde zurückgesetzt. Lesen Sie dem Anrufer das neue Passwort einmal vor; er sollte es nach der Anmeldung ändern.
desk-unlocked = Das Konto ist entsperrt.
desk-next-caller = Nächster Anrufer
desk-sms-title = Anrufer per SMS prüfen
desk-sms-intro = Senden Sie einen Code an das Telefon des Anrufers und lassen Sie ihn vorlesen. Lesen Sie selbst nie einen Code vor.
desk-sms-send = Code senden
desk-sms-resend = Neuen Code senden
desk-sms-sent = Ein Code wurde an { $number } gesendet.
desk-sms-code = Vom Anrufer vorgelesener Code
desk-sms-check = Prüfen
desk-sms-valid = Der Code stimmt: Der Anrufer hat das hinterlegte Telefon.
desk-sms-invalid = { $retries ->
    [0] Der Code ist falsch; in diesem Gespräch bleiben keine Versuche mehr.
    [one] Der Code ist falsch. In diesem Gespräch bleibt ein Versuch.
   *[other] Der Code ist falsch. In diesem Gespräch bleiben { $retries } Versuche.
}
error-desk-failed = Die Antwort war nicht richtig, daher wurde die Anfrage beendet. Beginnen Sie eine neue, wenn der Anrufer es erneut versucht.
error-assist-no_phone = Für diesen Benutzer ist keine Telefonnummer hinterlegt; es wurde kein Code gesendet.
error-assist-user_locked = Zu viele falsche Codes für diesen Benutzer. Entsperren Sie ihn, bevor Sie einen weiteren senden.
error-assist-rate_limited = In der letzten Minute wurden zu viele Codes gesendet. Versuchen Sie es in { $wait } erneut.
error-assist-retries_exhausted = In diesem Gespräch sind alle Versuche verbraucht. Der Anrufer kann darin nicht per SMS geprüft werden.
error-reset-not_in_process = Dieser Benutzer ist deaktiviert oder nicht in den Gruppen dieses Prozesses.
wait-seconds = { $count ->
    [one] einer Sekunde
   *[other] { $count } Sekunden
}
wait-minutes = { $count ->
    [one] einer Minute
   *[other] { $count } Minuten
}
wait-hours = { $count ->
    [one] einer Stunde
   *[other] { $count } Stunden
}
