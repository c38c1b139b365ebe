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
verification-enter_username = Benutzername
verification-confirm_email = Hinterlegte E-Mail-Adresse
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
reset-remaining = { $count ->
    [one] Bestehen Sie eine der folgenden Verifizierungen. Wenn Sie für eine nicht eingerichtet sind, wählen Sie eine andere.
   *[other] Bestehen Sie noch { $count } der folgenden Verifizierungen. Wenn Sie für eine nicht eingerichtet sind, wählen Sie eine andere.
}
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
reset-block-warning = Nach { $requests } fehlgeschlagenen Anfragen ist das selbstständige Zurücksetzen für { $wait } gesperrt.
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
captcha-intro = Bevor es weitergeht, rechnet Ihr Browser kurz etwas aus. Das zeigt, dass ein Browser fragt und kein Programm, das massenhaft Namen ausprobiert. Es dauert etwa eine Sekunde; Sie müssen nichts tun.
captcha-progress = Fortschritt der Browserprüfung
captcha-working = Ihr Browser führt die Prüfung aus …
captcha-done = Die Prüfung ist fertig. Sie können weitermachen.
captcha-waiting = Die Prüfung ist gleich fertig; Ihre Anfrage wird danach sofort gesendet.
captcha-failed = Die Prüfung konnte in diesem Browser nicht laufen. Laden Sie die Seite neu oder verwenden Sie einen anderen Browser.
captcha-noscript = Dieser Schritt braucht JavaScript, das in diesem Browser ausgeschaltet ist. Schalten Sie JavaScript ein und laden Sie die Seite neu, oder verwenden Sie einen anderen Browser. Ohne JavaScript kann der Helpdesk Ihr Passwort für Sie zurücksetzen.
error-captcha-required = Die Browserprüfung wurde nicht ausgeführt, daher wurde Ihre Anfrage nicht gesendet. Warten Sie bei eingeschaltetem JavaScript, bis sie fertig ist, und machen Sie dann weiter.
error-captcha-invalid = Die Browserprüfung war nicht gültig (vielleicht abgelaufen). Sie läuft jetzt erneut; machen Sie weiter, sobald sie fertig ist.
error-reset-blocked = Zu viele fehlgeschlagene Anfragen. Das selbstständige Zurücksetzen ist gesperrt; versuchen Sie es in { $wait } erneut, oder Ihr Service Desk hilft früher.
error-reset-identifier = Geben Sie Ihren Benutzernamen oder Ihre E-Mail-Adresse ein.
error-process-not_found = Dieses Zurücksetzen ist nicht verfügbar.
error-verification-locked = Diese Verifizierung ist nach zu vielen Fehlversuchen gesperrt. Wählen Sie eine andere oder versuchen Sie es in { $wait } erneut.
error-directory-unavailable = Das Verzeichnis ist gerade nicht erreichbar, daher wurde nichts geändert. Bitte versuchen Sie es später erneut.
error-directory-misconfigured = Passwörter lassen sich über das Verzeichnis erst ändern, wenn ein Administrator die Verbindung dazu behoben hat; daher wurde nichts geändert. Der Service-Desk kann helfen.
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
desk-candidates = Kein Anrufer passt genau. Meinten Sie:
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
desk-step-verify-title = Anrufer verifizieren
desk-step-remaining = { $count ->
    [one] Der Anrufer muss eine der folgenden Verifizierungen bestehen. Ist er für eine nicht eingerichtet, wählen Sie eine andere.
   *[other] Der Anrufer muss noch { $count } der folgenden Verifizierungen bestehen. Ist er für eine nicht eingerichtet, wählen Sie eine andere.
}
desk-step-verified = Der Anrufer hat die Verifizierungen bestanden.
desk-step-send-code = Dem Anrufer einen Code senden
desk-step-send-again = Einen neuen Code senden
desk-step-code-sent = Wenn der Anrufer dafür eine Adresse oder Nummer eingerichtet hat, ist ein Code unterwegs. Geben Sie ein, was der Anrufer vorliest.
desk-step-ask-questions = Die Sicherheitsfragen stellen
desk-step-authenticator-code = Der Code, den die Authenticator-App des Anrufers zeigt
desk-step-soft-pin = Die Soft PIN des Anrufers
desk-step-confirm-email = Die E-Mail-Adresse des Anrufers
desk-step-enter-username = Der Benutzername des Anrufers
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
error-api_key-not_found = Diesen API-Schlüssel gibt es nicht, oder er wurde schon widerrufen.
error-assist-code_not_found = Dieser Anrufercode ist nicht mehr bekannt. Senden Sie einen neuen.
error-assist-conversation_invalid = Das Gespräch ist ungültig. Suchen Sie den Anrufer erneut.
error-code_params-length = Ein Code hat 4 bis 10 Ziffern.
error-code_params-expiry_minutes = Ein Code gilt 1 bis 60 Minuten.
error-code_params-resend_cooldown_seconds = Die Wartezeit bis zu einem weiteren Code beträgt 0 bis 3600 Sekunden.
error-code_params-daily_limit = Das Tageslimit beträgt 1 bis 100 Codes.
error-code_params-max_attempts = Ein Code darf 1- bis 10-mal versucht werden.
error-conflict = Das gibt es schon.
error-credentials-not_listable = Sesames eigener Passwortspeicher hat keine Benutzer zum Kopieren.
error-database-unavailable = Die Datenbank antwortet nicht. Versuchen Sie es in { $wait } erneut.
error-directory-no_such_user = Das Verzeichnis hat kein Konto für Sie. Bitte wenden Sie sich an den Service Desk.
error-directory-refused = Das Verzeichnis hat das neue Passwort abgelehnt: { $detail }
error-directory-unconfigured = Es ist kein Verzeichnis eingerichtet, daher geht das nicht. Bitte wenden Sie sich an Ihren Administrator.
error-enrollment-check_failed = Diese Adresse oder Nummer kann hier nicht eingerichtet werden. Erlaubt: { $detail }.
error-enrollment-not_pending = Es wartet nichts auf eine Bestätigung. Beginnen Sie die Einrichtung neu.
error-property-out_of_range = Der Wert liegt außerhalb dessen, was die Einstellung annimmt.
error-property-unknown = Diese Einstellung gibt es nicht.
error-property-wrong_type = Der Wert ist nicht von der Art, die die Einstellung annimmt.
error-question-not_found = Diese Frage gibt es nicht.
error-questions-enroll_count = Bei der Einrichtung beantworten Benutzer 1 bis 10 Fragen.
error-questions-min_answer_length = Die kürzeste erlaubte Antwort hat 1 bis 20 Zeichen.
error-questions-verify_count = Gefragt werden mindestens eine und höchstens so viele Fragen, wie Benutzer beantworten.
error-report-period = Der erste Tag muss vor dem letzten liegen.
error-reset-expired = Die Anfrage zum Zurücksetzen ist abgelaufen. Bitte beginnen Sie neu.
error-reset-failed = Diese Anfrage wurde nach zu vielen falschen Antworten beendet.
error-reset-finished = Diese Anfrage ist bereits abgeschlossen.
error-reset-no_destination = Es gibt keine E-Mail-Adresse und keine Telefonnummer, an die das neue Passwort gehen könnte. Bitte wenden Sie sich an den Service Desk.
error-reset-not_found = Hier gibt es keine Anfrage zum Zurücksetzen. Bitte beginnen Sie neu.
error-reset-not_started = Beginnen Sie zuerst diese Verifizierung.
error-reset-not_verified = Bestehen Sie zuerst die Verifizierungen.
error-reset-password_generated = Bei diesem Zurücksetzen wird das neue Passwort für Sie erzeugt.
error-reset-unlock_not_allowed = Dieses Zurücksetzen kann keine Konten entsperren.
error-reset-not_enrolled = Der Anrufer hat dafür keine Adresse oder Nummer eingerichtet, daher wurde nichts gesendet. Wählen Sie eine andere Verifizierung.
error-server-busy = Der Server ist ausgelastet. Versuchen Sie es in { $wait } erneut.
error-totp-digits = Codes haben 6 oder 8 Ziffern.
error-totp-drift_steps = Die erlaubte Abweichung beträgt 0 bis 2 Schritte.
error-totp-step_seconds = Ein Code wechselt alle 15 bis 120 Sekunden.
error-user-not_found = Diesen Benutzer gibt es nicht.
error-user-status_invalid = Ein Benutzer ist entweder aktiv oder deaktiviert.
error-verification-allowed_country_codes = Ländervorwahlen sehen aus wie +49 oder +44.
error-verification-allowed_domains = Domains sehen aus wie example.com.
error-verification-answer_form = Diese Antwort passt nicht zur Verifizierung. Bitte versuchen Sie es erneut.
error-verification-not_found = Diese Verifizierung gibt es nicht, oder sie ist ausgeschaltet.
error-verification-not_in_process = Diese Verifizierung gehört nicht zu diesem Zurücksetzen.
error-voice_service-not_found = Diesen Sprachdienst gibt es nicht.
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

nav-admin = Verwaltung
admin-title = Verwaltung
admin-intro = Benutzer, Prozesse zum Zurücksetzen von Passwörtern, Einstellungen und API-Schlüssel verwalten, das Aktivitätsprotokoll und Berichte lesen.
admin-sections = Bereiche der Verwaltung
admin-overview = Übersicht
admin-users = Benutzer
admin-processes = Rücksetzprozesse
admin-properties = Einstellungen
admin-api-keys = API-Schlüssel
admin-audit = Aktivitätsprotokoll
admin-reports = Berichte
admin-overview-users = { $count ->
    [one] Ein Benutzer.
   *[other] { $count } Benutzer.
}
admin-overview-processes = { $count ->
    [one] Ein Prozess, davon { $active } aktiv.
   *[other] { $count } Prozesse, davon { $active } aktiv.
}
admin-overview-properties = Laufzeiteinstellungen wie Sperren, Gültigkeitsdauern und der Produktname.
admin-overview-api-keys = { $count ->
    [one] Ein aktiver Schlüssel.
   *[other] { $count } aktive Schlüssel.
}
admin-overview-audit = Wer hat wann was getan.
admin-overview-reports = Rücksetzanfragen, fehlgeschlagene Verifizierungen, Registrierungen und Anrufe im Zeitverlauf.
admin-overview-outbox-failed = { $count ->
    [one] Eine Nachricht konnte nicht zugestellt werden.
   *[other] { $count } Nachrichten konnten nicht zugestellt werden.
}
admin-overview-voice = { $count ->
    [0] Noch kein Sprachdienst.
    [one] Ein Sprachdienst.
   *[other] { $count } Sprachdienste.
}
admin-overview-blocked-alert = In den letzten { $minutes } Minuten wurden { $count } Benutzer vom selbstständigen Zurücksetzen ausgeschlossen, mehr als üblich: Vielleicht rät jemand.
admin-overview-blocked-see = Die Sperren ansehen
admin-save = Speichern
admin-yes = Ja
admin-no = Nein
admin-empty = (leer)
admin-active = Aktiv
admin-inactive = Inaktiv
admin-created = Angelegt
admin-since = Von
admin-until = Bis
admin-csv = Als CSV herunterladen
admin-pages = Seiten
admin-previous = Vorige Seite
admin-next = Nächste Seite
admin-page-of = Seite { $page } von { $pages }
admin-page = Seite { $page }
admin-users-none = Kein Name, Benutzername, keine E-Mail-Adresse, Telefonnummer oder Personalnummer enthält { $text }.
admin-user-search-label = Name, Benutzername, E-Mail, Telefon oder Personalnummer, auch ein Teil davon
admin-form-problems = Bitte korrigieren Sie die markierten Felder.
admin-whole-number = Geben Sie eine ganze Zahl ein.
admin-date-invalid = Geben Sie ein Datum wie 2026-01-31 ein.
admin-id-hint = 1 bis 40 Kleinbuchstaben, Ziffern, - und _. Sie kann später nicht geändert werden.
admin-groups-hint = Trennen Sie Gruppen durch Kommas.
admin-phone-hint = In internationaler Form, etwa +4930123456.
admin-language-hint = Ein Sprachkürzel wie de oder en.
admin-notice-user-created = Der Benutzer wurde angelegt.
admin-notice-user-saved = Die Änderungen wurden gespeichert.
admin-notice-user-enabled = Der Benutzer ist wieder aktiviert.
admin-notice-user-disabled = Der Benutzer ist deaktiviert, und alle seine Sitzungen wurden abgemeldet.
admin-notice-user-unlocked = Alle Sperren wurden aufgehoben.
admin-notice-sessions-ended = Alle Sitzungen des Benutzers wurden abgemeldet.
admin-notice-properties-saved = Die Einstellungen wurden gespeichert.
admin-notice-properties-unchanged = Es wurde nichts geändert.
admin-notice-api-key-revoked = Der Schlüssel wurde widerrufen. Er funktioniert nicht mehr.
admin-notice-process-created = Der Prozess wurde angelegt.
admin-notice-process-saved = Der Prozess wurde gespeichert.
admin-notice-process-deactivated = Der Prozess ist inaktiv. Laufende Anfragen wurden beendet.
admin-user-search = Benutzer suchen
admin-user-new = Neuer Benutzer
admin-user-create = Benutzer anlegen
admin-users-count = { $count ->
    [one] Ein Benutzer insgesamt.
   *[other] { $count } Benutzer insgesamt.
}
admin-user-status = Status
admin-status-active = Aktiv
admin-status-disabled = Deaktiviert
admin-user-source = Verwaltet in
admin-source-local = Sesame
admin-source-ldap = Verzeichnis (LDAP)
admin-user-password = Passwort in Sesame
admin-user-actions = Konto
admin-user-disable = Diesen Benutzer deaktivieren
admin-user-disable-confirm = Ein deaktivierter Benutzer kann sich weder anmelden noch sein Passwort zurücksetzen, und alle seine Sitzungen werden sofort abgemeldet.
admin-user-enable = Diesen Benutzer aktivieren
admin-user-end-sessions = Überall abmelden
admin-user-end-sessions-confirm = Alle Sitzungen dieses Benutzers enden sofort, auf jedem Gerät.
admin-user-edit = Profil ändern
admin-initial-password = Anfangspasswort
admin-initial-password-hint = Optional. Es muss die Passwortrichtlinie erfüllen.
admin-back-to-users = Zurück zu den Benutzern
admin-import = Benutzer importieren
admin-import-intro = Laden Sie eine CSV-Datei mit Kopfzeile hoch oder eine Datei mit einem JSON-Objekt je Zeile, mit diesen Spalten oder Schlüsseln (Gruppen in CSV durch ; getrennt). Zuerst wird jede Zeile geprüft; hat eine Zeile einen Fehler, wird nichts importiert.
admin-import-file = Datei (CSV oder JSON-Zeilen)
admin-import-submit = Importieren
admin-import-done = { $count ->
    [one] Ein Benutzer wurde importiert.
   *[other] { $count } Benutzer wurden importiert.
}
admin-import-refused = { $count ->
    [one] Es wurde nichts importiert. Beheben Sie diesen Fehler und laden Sie die Datei erneut hoch:
   *[other] Es wurde nichts importiert. Beheben Sie diese { $count } Fehler und laden Sie die Datei erneut hoch:
}
admin-import-first = Unten stehen die ersten { $shown }, nach Zeilen geordnet.
admin-import-line = Zeile
admin-import-problem = Fehler
admin-import-no-file = Wählen Sie eine Datei zum Importieren.
admin-import-not-text = Die Datei ist kein Text in UTF-8.
admin-properties-intro = Änderungen wirken sofort auf diesem Server und innerhalb von zwei Sekunden auf den anderen.
admin-properties-partly-saved = { $count ->
    [one] Eine Änderung wurde gespeichert; die unten markierten nicht.
   *[other] { $count } Änderungen wurden gespeichert; die unten markierten nicht.
}
admin-property-default = Standard: { $value }
admin-property-yes-no = Ja oder nein
admin-property-range = Eine ganze Zahl von { $min } bis { $max }
admin-property-range-or-off = 0 (aus) oder eine ganze Zahl von { $min } bis { $max }
admin-property-length = Text mit höchstens { $max } Zeichen
admin-property-takes = Diese Einstellung nimmt: { $range }.
admin-property-too-long = Verwenden Sie höchstens { $max } Zeichen, ohne Zeilenumbrüche.
admin-property-group-admin = Verwaltung
admin-property-group-assist = Anrufercodes per SMS
admin-property-group-audit = Aktivitätsprotokoll
admin-property-group-authenticator = Authenticator-Apps
admin-property-group-captcha = CAPTCHA
admin-property-group-help_desk = Helpdesk
admin-property-group-limits = Anfragelimits
admin-property-group-password_reset = Passwort zurücksetzen
admin-property-group-service_desk = Service-Desk
admin-property-group-session = Sitzungen
admin-property-group-signin = Anmeldung
admin-property-group-soft_pin = Soft-PIN
admin-property-group-voice = Sprachassistenten
admin-property-group-web = Webseiten
property-admin-group = Angemeldete Mitglieder dieser Gruppe sind Administratoren, auf diesen Seiten und mit ihrer Sitzung in der API.
property-admin-alert_blocked_users = Werden mehr Benutzer als diese im Zeitfenster des Alarms vom selbstständigen Zurücksetzen ausgeschlossen, gibt es einen Alarm: einen Hinweis in der Übersicht der Verwaltung und einen Eintrag im Protokoll.
property-admin-alert_window_minutes = Das Zeitfenster in Minuten, in dem ausgeschlossene Benutzer für den Alarm gezählt werden.
property-assist-agent_per_minute = Anrufercodes, die ein Service-Desk-Mitarbeiter in einer Minute senden lassen darf.
property-assist-code_length = Stellen eines Anrufercodes.
property-assist-expiry_minutes = Minuten, die ein Anrufercode gültig bleibt.
property-assist-lockout_minutes = Minuten, in denen ein Benutzer nach zu vielen falschen Codes keinen Anrufercode erhält, sofern er nicht vorher entsperrt wird.
property-assist-max_user_failures = Falsche Anrufercodes in Folge, über Gespräche hinweg, die den Benutzer sperren.
property-assist-resend_cooldown_seconds = Sekunden bis zu einem weiteren Anrufercode im selben Gespräch.
property-assist-retries_per_conversation = Falsche Anrufercodes, die ein Gespräch prüfen darf.
property-assist-total_per_minute = Anrufercodes, die alle Mitarbeiter zusammen in einer Minute senden lassen dürfen.
property-audit-retention_days = Tage, die ein Eintrag im Aktivitätsprotokoll aufbewahrt wird.
property-authenticator-lockout_minutes = Minuten, die Prüfungen per Authenticator nach zu vielen falschen Codes gesperrt bleiben.
property-authenticator-max_failures = Falsche Authenticator-Codes in Folge, die Prüfungen per Authenticator sperren.
property-captcha-max_number = Die größte Zahl, die eine CAPTCHA-Aufgabe den Browser suchen lässt. Ein Browser probiert im Mittel die Hälfte davon, etwa 100.000 pro Sekunde: der Standardwert 200.000 dauert etwa eine Sekunde.
property-help_desk-contact = Wie man den Helpdesk erreicht; wird gezeigt, wo die Selbstbedienung nicht weiterkommt. Leer zeigt nichts.
property-limits-captcha_per_minute = CAPTCHA-Aufgaben, die eine Client-Adresse in einer Minute abrufen darf, auf jedem Server gezählt.
property-limits-codes_per_client_daily = E-Mail- und SMS-Codes der Selbstbedienungs-Rücksetzung, die eine Client-Adresse in 24 Stunden für alle Identitäten zusammen anfordern darf, in der Datenbank gezählt. Das Tageslimit jeder Identität wird dort ebenfalls je Client-Adresse gezählt, sodass niemand sonst es aufbrauchen kann.
property-limits-identify_per_minute = Rücksetzanfragen, die eine Client-Adresse in einer Minute starten darf, über die API und die Seiten, auf jedem Server gezählt.
property-limits-phone_per_minute = Anfragen an den Webhook eines Telefonieanbieters (eine je Schritt eines Anrufs), die eine Client-Adresse in einer Minute stellen darf, auf jedem Server gezählt.
property-limits-reset_steps_per_minute = Schritte von Rücksetzanfragen (Abfragen, Antworten, neue Passwörter, Entsperrungen), die eine Client-Adresse in einer Minute ausführen darf, auf jedem Server gezählt.
property-limits-signin_per_minute = Anmeldeversuche, die eine Client-Adresse in einer Minute unternehmen darf, über die API und die Seiten, auf jedem Server gezählt.
property-limits-strength_per_minute = Stärkeprüfungen eines gerade eingegebenen Passworts, die eine Client-Adresse in einer Minute anfordern darf, auf jedem Server gezählt.
property-password_reset-block_minutes = Minuten, die ein Benutzer nach zu vielen fehlgeschlagenen Anfragen vom Zurücksetzen in Selbstbedienung ausgeschlossen bleibt.
property-password_reset-max_failed_requests = Fehlgeschlagene Rücksetzanfragen, nach denen der Benutzer vom Zurücksetzen in Selbstbedienung ausgeschlossen wird.
property-password_reset-max_wrong_answers = Falsche Antworten insgesamt, nach denen eine Rücksetzanfrage fehlschlägt.
property-password_reset-request_expiry_minutes = Minuten, die eine Rücksetzanfrage verwendbar bleibt.
property-service_desk-group = Angemeldete Mitglieder dieser Gruppe arbeiten als Service-Desk-Mitarbeiter.
property-session-idle_minutes = Eine Sitzung endet nach so vielen Minuten ohne Anfrage.
property-session-lifetime_minutes = Eine Sitzung endet so viele Minuten nach der Anmeldung, ob aktiv oder nicht.
property-session-reauth_minutes = Zum Entfernen einer Verifizierung darf die Anmeldung höchstens so viele Minuten zurückliegen.
property-signin-lockout_minutes = Minuten, die die Anmeldung für einen Benutzernamen nach zu vielen Fehlversuchen gesperrt bleibt.
property-signin-max_failures = Fehlgeschlagene Anmeldungen in Folge, die die Anmeldung für diesen Benutzernamen sperren.
property-soft_pin-enrollment-enabled = Ob Benutzer eine Soft-PIN festlegen oder ändern dürfen. Aus blendet die Option aus; bereits festgelegte PINs werden weiter geprüft.
property-soft_pin-expiry_days = Tage, die eine Soft-PIN nach dem Festlegen gültig bleibt; 0: sie läuft nie ab.
property-soft_pin-history_depth = Eine neue Soft-PIN muss sich von so vielen früheren unterscheiden, die aktuelle eingeschlossen.
property-soft_pin-lockout_minutes = Minuten, die Prüfungen der Soft-PIN nach zu vielen Fehlversuchen gesperrt bleiben.
property-soft_pin-max_failures = Falsche Soft-PINs in Folge, die Prüfungen der Soft-PIN sperren.
property-soft_pin-reminder_days = Tage vor dem Ablauf einer Soft-PIN, ab denen das Profil den Benutzer erinnert.
property-voice-authenticate-mfa_mandatory = Ob Sprachdienste Anrufer mit zwei Faktoren authentifizieren müssen.
property-voice-lockout_minutes = Minuten, die ein Faktor am Telefon gesperrt bleibt, nachdem ein Anruf seine Versuche aufgebraucht hat.
property-voice-max_failures = Fehlversuche eines Faktors, die einen Anruf beenden und diesen Faktor sperren.
property-voice-session_minutes = Minuten, die eine Sitzung zur Verifizierung eines Anrufers dauert.
property-voice-step_up-enabled = Ob Sprachdienste vor einer heiklen Aufgabe einen zusätzlichen Faktor verlangen dürfen.
property-voice-twilio-handoff_url = Die TwiML-URL, an die die Telefonleitung einen Anruf weitergibt, sobald der Anrufer verifiziert ist, mit der signierten Bestätigung im Abfrageparameter result; leer: Verifizierten Anrufern wird gesagt, dass sie nicht verbunden werden können, und der Anruf endet.
property-web-product_name = Der Name in der Kopfzeile jeder Seite.
admin-api-keys-intro = Mit Schlüsseln rufen Maschinen die API auf: Plattformen für Sprachassistenten, Werkzeuge des Service-Desks, Automatisierung. Jeder Schlüssel hat eine Rolle.
admin-api-key-new = Neuer API-Schlüssel
admin-api-key-name = Name
admin-api-key-name-hint = Wofür der Schlüssel ist, etwa voice-platform.
admin-api-key-role = Rolle
admin-role-admin = Administrator
admin-role-service_desk = Service-Desk
admin-role-orchestrator = Plattform für Sprachassistenten
admin-api-key-create = Schlüssel anlegen
admin-api-key-created = Der Schlüssel { $name } wurde angelegt
admin-api-key-once = Kopieren Sie das Token jetzt. Es wird nur dieses eine Mal angezeigt; Sesame speichert nur einen Hashwert davon.
admin-api-keys-none = Es gibt noch keine API-Schlüssel.
admin-api-key-state = Status
admin-api-key-revoke = Widerrufen
admin-api-key-revoke-confirm = Der Schlüssel { $name } funktioniert sofort nicht mehr, für jedes Programm, das ihn verwendet.
admin-api-key-revoked = Widerrufen am { $time }
admin-processes-intro = Ein Prozess legt fest, wer ein Passwort zurücksetzen darf, wie man sich ausweist, welche Verifizierungen zu bestehen sind und was am Ende geschieht.
admin-processes-none = Es gibt noch keinen Rücksetzprozess, daher kann niemand ein Passwort zurücksetzen.
admin-process-new = Neuer Prozess
admin-process-create = Prozess anlegen
admin-process-id = Kennung
admin-process-name = Name
admin-process-access = Zugang
admin-process-public = Selbstbedienung
admin-process-desk = Nur Service-Desk
admin-process-state = Status
admin-process-min = { $count ->
    [one] Mindestens eine zu bestehen
   *[other] Mindestens { $count } zu bestehen
}
admin-process-groups = Gruppen
admin-process-groups-hint = Nur Mitglieder dieser Gruppen dürfen den Prozess nutzen; leer für alle.
admin-process-identification = Benutzer weisen sich aus mit
admin-process-public-access = Selbstbedienung: jeder darf ihn auf der öffentlichen Seite zum Zurücksetzen starten
admin-process-captcha = CAPTCHA: Der Browser löst eine Rechenaufgabe, bevor eine Anfrage in Selbstbedienung beginnt
admin-process-verifications = Verifizierungen
admin-process-unused = Nicht verwendet
admin-process-optional = Optional
admin-process-mandatory = Erforderlich
admin-process-mandatory-short = erforderlich
admin-process-min-verifications = Zu bestehende Verifizierungen, erforderliche eingeschlossen
admin-process-credential-store = Wo das Passwort liegt
admin-process-store-local = Sesame
admin-process-store-ldap = Verzeichnis (LDAP)
admin-process-allow-unlock = Benutzer dürfen ihr Konto entsperren
admin-process-unlock-after-reset = Zurücksetzen entsperrt auch das Konto
admin-process-auto-generate = Neues Passwort
admin-process-generate-off = Vom Benutzer gewählt
admin-process-generate-show = Erzeugt und einmal angezeigt
admin-process-generate-email = Erzeugt und per E-Mail gesendet
admin-process-generate-sms = Erzeugt und per SMS gesendet
admin-process-policy = Passwortrichtlinie
admin-process-min-length = Kürzestes Passwort
admin-process-max-length = Längstes Passwort
admin-process-min-strength = Mindeststärke (0 bis 4)
admin-process-history = Frühere Passwörter, die nicht wiederverwendet werden dürfen
admin-process-active = Aktiv
admin-process-deactivate = Diesen Prozess deaktivieren
admin-process-deactivate-confirm = Laufende Anfragen enden sofort, und keine neue kann beginnen. Sie können den Prozess später wieder aktivieren.
admin-back-to-processes = Zurück zu den Prozessen
admin-audit-filter = Filter
admin-audit-actor = Akteur
admin-audit-subject = Betroffen
admin-audit-action = Aktion
admin-audit-result = Ergebnis
admin-audit-any = Alle
admin-audit-apply = Anwenden
admin-audit-at = Zeit (UTC)
admin-audit-detail = Details
admin-audit-count = { $count ->
    [one] Ein Eintrag.
   *[other] { $count } Einträge.
}
admin-result-success = Erfolg
admin-result-failure = Fehlschlag
admin-result-denied = Verweigert
admin-report-period = Zeitraum
admin-report-show = Anzeigen
admin-report-order = Der erste Tag darf nicht nach dem letzten liegen.
admin-report-too-long = Ein Bericht umfasst höchstens { $days } Tage.
admin-report-resets = Rücksetzanfragen pro Tag
admin-report-resets-desc = { $count ->
    [one] Eine Rücksetzanfrage im Zeitraum, nach Tag und Ausgang.
   *[other] { $count } Rücksetzanfragen im Zeitraum, nach Tag und Ausgang.
}
admin-report-blocked = Ausgeschlossene Benutzer
admin-report-blocked-title = Vom Zurücksetzen in Selbstbedienung ausgeschlossene Benutzer
admin-report-blocked-desc = { $count ->
    [one] Ein Benutzer wurde im Zeitraum vom Zurücksetzen in Selbstbedienung ausgeschlossen, nach Tagen.
   *[other] { $count } Benutzer wurden im Zeitraum vom Zurücksetzen in Selbstbedienung ausgeschlossen, nach Tagen.
}
admin-report-totals = { $started } begonnen, { $succeeded } erfolgreich, { $failed } fehlgeschlagen; { $blocked ->
    [one] ein Benutzer vom Zurücksetzen in Selbstbedienung ausgeschlossen.
   *[other] { $blocked } Benutzer vom Zurücksetzen in Selbstbedienung ausgeschlossen.
}
admin-report-succeeded = Erfolgreich
admin-report-failed = Fehlgeschlagen
admin-report-unfinished = Nicht abgeschlossen
admin-report-day = Tag
admin-report-numbers = Zahlen anzeigen
admin-report-failures = Fehlgeschlagene Verifizierungen
admin-report-enrollments = Registrierungen nach Verifizierung
admin-report-enrollments-now = Aktive Registrierungen zum jetzigen Zeitpunkt.
admin-report-voice = Sprachsitzungen nach Ausgang
admin-report-nothing = Nichts in diesem Zeitraum.
admin-voice-outcome-authenticated = Authentifiziert
admin-voice-outcome-failed = Fehlgeschlagen
admin-voice-outcome-unidentified = Nicht identifiziert
admin-voice-outcome-abandoned = Abgebrochen
admin-voice-outcome-in-progress = Laufend
error-user-username_invalid = Ein Benutzername hat 1 bis 64 Zeichen: Buchstaben, Ziffern und . _ - @ +, beginnend mit einem Buchstaben oder einer Ziffer.
error-user-display_name_invalid = Ein Name hat höchstens 128 Zeichen.
error-user-employee_id_invalid = Eine Personalnummer hat 1 bis 64 Buchstaben, Ziffern und - _ . /.
error-user-group_invalid = Ein Gruppenname hat 1 bis 64 Zeichen, ohne Kommas, Semikolons oder Steuerzeichen.
error-user-language_invalid = Geben Sie ein Sprachkürzel wie de oder en ein.
error-user-exists = Es gibt bereits einen Benutzer mit diesem Benutzernamen.
error-user-employee_id_taken = Ein anderer Benutzer hat diese Personalnummer.
error-process-id = Die Kennung hat 1 bis 40 Kleinbuchstaben, Ziffern, - und _.
error-process-exists = Es gibt bereits einen Prozess mit dieser Kennung.
error-process-name = Der Name hat 1 bis 100 Zeichen.
error-process-verifications-empty = Wählen Sie mindestens eine Verifizierung.
error-process-verifications-unknown = Eine gewählte Verifizierung ist nicht mehr aktiv.
error-process-verifications-duplicate = Eine Verifizierung ist doppelt gewählt.
error-process-verifications-module_off = Die Soft-PIN braucht das Modul für Sprachassistenten, das ausgeschaltet ist.
error-process-min_verifications-too_many = Es müssen mehr Verifizierungen bestanden werden, als gewählt sind.
error-process-min_verifications-too_few = Mindestens eine Verifizierung und mindestens die erforderlichen müssen bestanden werden.
error-process-public_access-personal_data_confirmation = Eine Bestätigung persönlicher Daten kann in einem Prozess mit Selbstbedienung nicht verwendet werden.
error-process-public_access-weak_verifications = Ein Prozess mit Selbstbedienung braucht mehr als Sicherheitsfragen und persönliche Daten.
error-process-password_policy-length = Passwörter haben mindestens 8 und höchstens 256 Zeichen.
error-process-password_policy-min_strength = Die Stärke reicht von 0 bis 4.
error-process-password_policy-history = Höchstens 24 frühere Passwörter können gespeichert werden.
error-process-credential_store = Es ist kein LDAP-Verzeichnis eingerichtet.
error-api_key-name_invalid = Der Name hat 1 bis 64 Zeichen.
error-api_key-role_invalid = Wählen Sie eine Rolle.
admin-user-details = Profil
admin-property-groups = Gruppen von Einstellungen
admin-report-no-enrollments = Noch keine aktive Registrierung.
admin-outbox = Postausgang
admin-overview-outbox = E-Mails und SMS und was aus ihnen wurde.
admin-outbox-intro = Nachrichten, die Sesame senden sollte, die neuesten zuerst: wohin sie gingen, ihr Status, wie oft die Zustellung versucht wurde und die letzte Antwort des Mailservers oder SMS-Anbieters. Ihr Inhalt wird nie angezeigt.
admin-outbox-state = Status
admin-outbox-queued = Wartend
admin-outbox-sent = Gesendet
admin-outbox-failed = Aufgegeben
admin-outbox-to = An
admin-outbox-tries = Versuche
admin-outbox-answer = Letzte Antwort
admin-outbox-count = { $count ->
    [one] Eine Nachricht.
   *[other] { $count } Nachrichten.
}
admin-voice = Sprachdienste
admin-voice-intro = Wie jeder Sprachassistent Anrufer identifiziert und mit welchen Faktoren er sie authentifiziert. Ein Dienst, der unter den heutigen Einstellungen die Faktorregeln verletzt, lehnt Anrufe ab, bis er korrigiert ist.
admin-voice-new = Neuer Sprachdienst
admin-voice-create = Dienst anlegen
admin-voice-none = Es gibt noch keinen Sprachdienst.
admin-voice-factors = Faktoren
admin-voice-problems = Regeln
admin-voice-step-up-is = Zusätzlicher Faktor: { $name }
admin-voice-fits = Erfüllt die Regeln.
admin-voice-broken = Unter den heutigen Einstellungen verletzt dieser Dienst diese Regeln, daher werden seine Anrufe abgelehnt:
admin-voice-identification = Anrufer werden identifiziert über
admin-voice-ident-phone = Telefonnummer (die Rufnummer zählt)
admin-voice-ident-employee_id = Personalnummer
admin-voice-ident-email = E-Mail-Adresse
admin-voice-ident-username = Benutzername
admin-voice-first = Erster Faktor
admin-voice-second = Zweiter Faktor
admin-voice-step-up = Zusätzlicher Faktor für heikle Aufgaben
admin-voice-no-factor = Keiner
admin-voice-input = Eingabe per
admin-voice-input-both = Tasten oder Sprache
admin-voice-input-text = Nur Tasten
admin-voice-input-voice = Nur Sprache
admin-voice-region = Standardland
admin-voice-region-hint = Optional. Ein Ländercode wie DE oder US, für Telefonnummern ohne Landesvorwahl.
admin-voice-delete = Diesen Dienst entfernen
admin-voice-delete-confirm = Der Dienst wird sofort entfernt; laufende Anrufe für ihn können nicht weitergehen.
admin-back-to-voice = Zurück zu den Sprachdiensten
admin-notice-voice-created = Der Sprachdienst wurde angelegt.
admin-notice-voice-saved = Der Sprachdienst wurde gespeichert.
admin-notice-voice-deleted = Der Sprachdienst wurde entfernt.
error-voice_service-id_invalid = Die Kennung hat 1 bis 40 Kleinbuchstaben, Ziffern, - und _.
error-voice_service-exists = Es gibt bereits einen Sprachdienst mit dieser Kennung.
error-voice_service-name_invalid = Der Name hat 1 bis 100 Zeichen.
error-voice_service-identification_required = Wählen Sie mindestens ein Feld, das einen Anrufer identifiziert.
error-voice_service-identification_repeated = Jedes Identifizierungsfeld darf nur einmal abgefragt werden.
error-voice_service-verification_unknown = Ein gewählter Faktor ist keine aktive Verifizierung.
error-voice_service-first_not_allowed = Diese Verifizierung darf hier nicht der erste Faktor sein.
error-voice_service-alone_not_allowed = Diese Verifizierung darf nicht der einzige Faktor sein; wählen Sie einen zweiten.
error-voice_service-second_required = Solange Zwei-Faktor-Authentifizierung vorgeschrieben ist, wird ein zweiter Faktor gebraucht.
error-voice_service-second_not_allowed = Diese Verifizierung darf nicht der zweite Faktor sein.
error-voice_service-same_factor_twice = Der zweite Faktor muss sich vom ersten unterscheiden.
error-voice_service-step_up_disabled = Zusätzliche Faktoren sind in den Einstellungen ausgeschaltet.
error-voice_service-step_up_not_allowed = Diese Verifizierung darf nicht der zusätzliche Faktor sein.
error-voice_service-region_unknown = Geben Sie einen Ländercode wie DE oder US ein.
error-voice_service-input_type_not_numeric = Nur Faktoren, die als Ziffern gegeben werden, nehmen Tasten oder Sprache.
admin-verifications = Verifizierungen
admin-overview-verifications = Die Basisverifizierungen und eigene, mit ihren Parametern.
admin-verifications-intro = Die sieben Basisverifizierungen und eigene, aus einem Typ erstellt oder von einer anderen kopiert. Eine ausgeschaltete Verifizierung kann weder registriert noch bestanden werden.
admin-verification-type = Typ
admin-verification-assurance = Vertrauensniveau
admin-assurance-low = Niedrig
admin-assurance-medium = Mittel
admin-assurance-high = Hoch
admin-kind-security_questions = Sicherheitsfragen
admin-kind-email_code = E-Mail-Code
admin-kind-sms_code = SMS-Code
admin-kind-authenticator = Authenticator-App
admin-kind-personal_data_confirmation = E-Mail-Adresse bestätigen
admin-kind-personal_data = Benutzernamen eingeben
admin-kind-soft_pin = Soft-PIN
admin-verification-new = Neue eigene Verifizierung
admin-verification-create = Verifizierung anlegen
admin-verification-id-hint = 1 bis 40 Kleinbuchstaben, Ziffern und _. Sie kann später nicht geändert werden.
admin-verification-origin = Erstellt aus
admin-verification-from-type = Einem Typ, mit seinen Standardparametern
admin-verification-copy = Einer Kopie von
admin-verification-params = Parameter (JSON)
admin-verification-params-new-hint = Optional. Leer lassen für die Standardwerte des Typs oder die Parameter der kopierten Verifizierung.
admin-verification-params-hint = Die Parameter des Typs als JSON-Objekt; {"{"}{"}"} für die Standardwerte.
admin-verification-active = Eingeschaltet: Benutzer können sich registrieren und sie bestehen
admin-back-to-verifications = Zurück zu den Verifizierungen
admin-notice-verification-created = Die Verifizierung wurde angelegt.
admin-notice-verification-saved = Die Verifizierung wurde gespeichert.
error-verification-id_invalid = Die Kennung hat 1 bis 40 Kleinbuchstaben, Ziffern und _.
error-verification-name_invalid = Der Name hat 1 bis 100 Zeichen.
error-verification-exists = Es gibt bereits eine Verifizierung mit dieser Kennung.
error-verification-type_invalid = Wählen Sie einen Typ.
error-verification-origin = Wählen Sie einen Typ oder eine zu kopierende Verifizierung.
error-verification-params_invalid = Die Parameter sind kein JSON-Objekt, das zu diesem Typ passt.
admin-questions = Sicherheitsfragen
admin-overview-questions = Die Fragen, aus denen Benutzer wählen, in jeder Sprache.
admin-questions-intro = Die Fragen, aus denen Benutzer beim Einrichten von Sicherheitsfragen wählen, in ihrer Sprache oder sonst auf Englisch. Eine zurückgezogene Frage kann nicht neu gewählt werden; wer sie gewählt hat, behält sie.
admin-question = Frage
admin-question-languages = Sprachen
admin-question-retired = Zurückgezogen
admin-question-new = Neue Frage
admin-question-add = Frage hinzufügen
admin-question-text = Text ({ $language })
admin-question-retire = Zurückgezogen: sie kann nicht neu gewählt werden
admin-back-to-questions = Zurück zu den Fragen
admin-notice-question-created = Die Frage wurde hinzugefügt.
admin-notice-question-saved = Die Frage wurde gespeichert.
error-question-english_missing = Jede Frage braucht einen englischen Text.
error-question-text_invalid = Eine Frage hat 1 bis 200 Zeichen.
