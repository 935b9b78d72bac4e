package org.mfaportal.browser;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;

/** Pasting as a person does: the text goes to the system clipboard, then Ctrl+V into the focused field. */
final class Clipboard {

    private Clipboard() {
    }

    static void paste(Page page, Locator field, String text) {
        page.evaluate("text => navigator.clipboard.writeText(text)", text);
        field.focus();
        page.keyboard().press("ControlOrMeta+V");
    }
}
