package org.mfaportal.audit;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Audit trail downloads: every event matching a filter, newest first, streamed in batches as CSV or as a JSON
 * array, with a {@code Content-Disposition} that names a file.
 */
@ApplicationScoped
public class AuditExport {

    /** The download formats. */
    public enum Format {
        CSV, JSON
    }

    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final AuditQuery query;
    private final ObjectMapper json;
    private final Clock clock;

    AuditExport(AuditQuery query, ObjectMapper json, Clock clock) {
        this.query = query;
        this.json = json;
        this.clock = clock;
    }

    /** The download response for {@code filter}. */
    public Response download(AuditFilter filter, Format format) {
        String stamp = FILE_TIME.format(Instant.now(clock).truncatedTo(ChronoUnit.SECONDS));
        StreamingOutput body = format == Format.CSV ? csv(filter) : json(filter);
        String type = format == Format.CSV ? AuditCsv.MEDIA_TYPE + "; charset=UTF-8" : MediaType.APPLICATION_JSON;
        return Response.ok(body, type)
                .header("Content-Disposition", "attachment; filename=\"audit-" + stamp + "."
                        + format.name().toLowerCase(java.util.Locale.ROOT) + "\"")
                .build();
    }

    private StreamingOutput csv(AuditFilter filter) {
        return out -> {
            BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            AuditCsv csv = new AuditCsv(writer);
            csv.header();
            query.forEach(filter, csv::write);
            writer.flush();
        };
    }

    private StreamingOutput json(AuditFilter filter) {
        return out -> {
            JsonGenerator generator = json.getFactory().createGenerator(out)
                    .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            generator.writeStartArray();
            query.forEach(filter, event -> {
                try {
                    json.writeValue(generator, event);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            generator.writeEndArray();
            generator.flush();
        };
    }
}
