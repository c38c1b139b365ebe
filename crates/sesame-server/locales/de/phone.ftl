# Sesames Telefonleitung: was Anrufer hören, Deutsch.
# $input ist keys, speech oder both: wie der Anrufer antworten kann. $digits: wie viele Ziffern.

phone-ask-phone = { $input ->
    [keys] Bitte geben Sie die Telefonnummer, die wir von Ihnen haben, mit Vorwahl über die Tastatur ein und drücken Sie dann die Rautetaste.
    [speech] Bitte sagen Sie die Telefonnummer, die wir von Ihnen haben, mit Vorwahl.
   *[both] Bitte sagen Sie die Telefonnummer, die wir von Ihnen haben, mit Vorwahl, oder geben Sie sie über die Tastatur ein. Schließen Sie die Eingabe mit der Rautetaste ab.
}
phone-ask-employee-id = { $input ->
    [keys] Bitte geben Sie Ihre Personalnummer über die Tastatur ein und drücken Sie dann die Rautetaste.
    [speech] Bitte sagen Sie Ihre Personalnummer.
   *[both] Bitte sagen Sie Ihre Personalnummer oder geben Sie sie über die Tastatur ein. Schließen Sie die Eingabe mit der Rautetaste ab.
}
phone-ask-soft-pin = { $input ->
    [keys] Bitte geben Sie Ihre sechsstellige Soft-PIN über die Tastatur ein.
    [speech] Bitte sagen Sie Ihre sechsstellige Soft-PIN.
   *[both] Bitte sagen Sie Ihre sechsstellige Soft-PIN oder geben Sie sie über die Tastatur ein.
}
phone-ask-app-code = { $input ->
    [keys] Bitte geben Sie den { $digits }-stelligen Code aus Ihrer Authenticator-App über die Tastatur ein.
    [speech] Bitte sagen Sie den { $digits }-stelligen Code aus Ihrer Authenticator-App.
   *[both] Bitte sagen Sie den { $digits }-stelligen Code aus Ihrer Authenticator-App oder geben Sie ihn über die Tastatur ein.
}
phone-ask-sms-code = { $input ->
    [keys] Wir haben Ihnen einen Code per SMS geschickt. Bitte geben Sie den { $digits }-stelligen Code über die Tastatur ein.
    [speech] Wir haben Ihnen einen Code per SMS geschickt. Bitte sagen Sie den { $digits }-stelligen Code.
   *[both] Wir haben Ihnen einen Code per SMS geschickt. Bitte sagen Sie den { $digits }-stelligen Code oder geben Sie ihn über die Tastatur ein.
}
phone-ask-email-code = { $input ->
    [keys] Wir haben Ihnen einen Code per E-Mail geschickt. Bitte geben Sie den { $digits }-stelligen Code über die Tastatur ein.
    [speech] Wir haben Ihnen einen Code per E-Mail geschickt. Bitte sagen Sie den { $digits }-stelligen Code.
   *[both] Wir haben Ihnen einen Code per E-Mail geschickt. Bitte sagen Sie den { $digits }-stelligen Code oder geben Sie ihn über die Tastatur ein.
}
phone-not-recognised = Leider konnten wir Sie nicht finden.
phone-wrong = Das war leider nicht richtig.
phone-not-understood = Entschuldigung, das habe ich nicht verstanden.
phone-no-input = Entschuldigung, ich habe nichts gehört.
phone-code-wait = Wir schicken Ihnen gleich einen neuen Code. Bitte bleiben Sie am Apparat.
phone-verified = Vielen Dank, Ihre Identität ist bestätigt.
phone-no-handoff = Wir können Sie gerade nicht weiterverbinden. Bitte rufen Sie später noch einmal an. Auf Wiederhören.
phone-ended = Wir konnten Ihre Identität in diesem Anruf nicht bestätigen. Auf Wiederhören.
phone-unavailable = Über diese Leitung können wir Anrufer gerade nicht bestätigen. Bitte rufen Sie später noch einmal an. Auf Wiederhören.
phone-trouble = Entschuldigung, bei uns ist ein Fehler aufgetreten. Bitte rufen Sie später noch einmal an. Auf Wiederhören.
