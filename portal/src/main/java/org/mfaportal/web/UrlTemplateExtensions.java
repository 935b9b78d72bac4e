package org.mfaportal.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import io.quarkus.qute.TemplateExtension;

/** {@code {value.urlEncode}} in templates: a value as a query parameter (Qute escapes HTML, not URLs). */
@TemplateExtension
public class UrlTemplateExtensions {

    private UrlTemplateExtensions() {
    }

    public static String urlEncode(String value) {
        return value == null ? "" : URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
