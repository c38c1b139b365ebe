# Sesame's phone line: what callers hear, in English.
# $input is keys, speech or both: how the caller may answer. $digits: how many digits.

phone-ask-phone = { $input ->
    [keys] Please key in the phone number we have for you, with the area code, then press the pound key.
    [speech] Please say the phone number we have for you, with the area code.
   *[both] Please say or key in the phone number we have for you, with the area code. If you key it in, finish with the pound key.
}
phone-ask-employee-id = { $input ->
    [keys] Please key in your employee ID, then press the pound key.
    [speech] Please say your employee ID.
   *[both] Please say or key in your employee ID. If you key it in, finish with the pound key.
}
phone-ask-soft-pin = { $input ->
    [keys] Please key in your six-digit Soft PIN.
    [speech] Please say your six-digit Soft PIN.
   *[both] Please say or key in your six-digit Soft PIN.
}
phone-ask-app-code = { $input ->
    [keys] Please key in the { $digits }-digit code your authenticator app shows.
    [speech] Please say the { $digits }-digit code your authenticator app shows.
   *[both] Please say or key in the { $digits }-digit code your authenticator app shows.
}
phone-ask-sms-code = { $input ->
    [keys] We have sent a code to your phone by text message. Please key in the { $digits }-digit code.
    [speech] We have sent a code to your phone by text message. Please say the { $digits }-digit code.
   *[both] We have sent a code to your phone by text message. Please say or key in the { $digits }-digit code.
}
phone-ask-email-code = { $input ->
    [keys] We have sent a code to your e-mail address. Please key in the { $digits }-digit code.
    [speech] We have sent a code to your e-mail address. Please say the { $digits }-digit code.
   *[both] We have sent a code to your e-mail address. Please say or key in the { $digits }-digit code.
}
phone-not-recognised = Sorry, we could not find you.
phone-wrong = That was not right.
phone-not-understood = Sorry, I did not understand that.
phone-no-input = Sorry, I did not hear anything.
phone-code-wait = We will send you a new code in a moment. Please hold the line.
phone-verified = Thank you, you are verified.
phone-no-handoff = We cannot put you through right now. Please call again later. Goodbye.
phone-ended = We could not verify you on this call. Goodbye.
phone-unavailable = This line cannot verify callers at the moment. Please call again later. Goodbye.
phone-trouble = Sorry, something went wrong on our side. Please call again later. Goodbye.
