package org.mfaportal.emulator;

/** The answer of one of the emulator's own endpoints (control, console federation): status, type and text. */
record Reply(int status, String contentType, String body) {

    /** A JSON answer. */
    static Reply json(int status, String json) {
        return new Reply(status, "application/json", json);
    }
}
