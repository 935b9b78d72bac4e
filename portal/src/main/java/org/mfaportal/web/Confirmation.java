package org.mfaportal.web;

/**
 * What a page says after an action redirected to it (post/redirect/get): one value of a page's enum of
 * confirmations, whose name alone travels in the query ({@code ?done=activated}), never the text.
 */
public interface Confirmation {

    /** The sentence the page shows. */
    String message();

    /** The confirmation named {@code name}, or {@code null} for none or a name the page does not know. */
    static <E extends Enum<E> & Confirmation> E parse(Class<E> type, String name) {
        for (E confirmation : type.getEnumConstants()) {
            if (confirmation.name().equals(name)) {
                return confirmation;
            }
        }
        return null;
    }
}
