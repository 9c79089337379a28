package io.troupe.metrics.export;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.troupe.metrics.log.EventLog;
import io.troupe.metrics.log.LoggedEvent;
import io.troupe.metrics.runs.RunMetricsStore;
import io.troupe.metrics.runs.RunMetricsView;
import io.troupe.protocol.events.Events;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The runs and events the metrics service has seen, as JSON, CSV and the paper's Parquet tables. */
@ApplicationScoped
public class Exports {
    private static final CsvMapper CSV = csvMapper();
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final RunMetricsStore store;
    private final EventLog log;

    public Exports(RunMetricsStore store, EventLog log) {
        this.store = store;
        this.log = log;
    }

    /** Every run, or those of one experiment when {@code experimentId} is given. */
    public List<RunMetricsView> runs(String experimentId) {
        return store.all().stream()
                .filter(r -> experimentId == null || experimentId.equals(r.experimentId()))
                .toList();
    }

    public List<LoggedEvent> events(String runId) {
        store.metricsOf(runId); // a 404 problem for a run never seen
        return log.of(runId);
    }

    public String runsCsv(String experimentId) {
        return csv(RunMetricsView.class, runs(experimentId));
    }

    /** One row per event: the envelope in columns, the event's own fields as JSON in {@code data}. */
    public String eventsCsv(String runId) {
        List<EventRow> rows = new ArrayList<>();
        for (LoggedEvent e : events(runId)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> fields = JSON.convertValue(e.event(), Map.class);
            rows.add(new EventRow(e.id(), e.type(), runId, e.event().at().toString(),
                    Objects.toString(fields.get("agentId"), null), Objects.toString(fields.get("taskId"), null),
                    Objects.toString(fields.get("path"), null), Events.toJson(e.event())));
        }
        return csv(EventRow.class, rows);
    }

    public byte[] paperRuns(String experimentId) {
        List<RunMetricsView> runs = runs(experimentId);
        Map<String, String> dirs = PaperSchema.runDirs(runs);
        return ParquetTables.runs(runs.stream()
                .map(r -> PaperSchema.run(r, dirs.get(r.runId()), log.of(r.runId())))
                .toList());
    }

    public byte[] paperEvents(String experimentId) {
        List<RunMetricsView> runs = runs(experimentId);
        Map<String, String> dirs = PaperSchema.runDirs(runs);
        List<PaperEvent> rows = new ArrayList<>();
        for (RunMetricsView r : runs) {
            for (LoggedEvent e : log.of(r.runId())) {
                PaperSchema.event(dirs.get(r.runId()), e.event()).ifPresent(rows::add);
            }
        }
        return ParquetTables.events(rows);
    }

    /** A flat row of the events CSV. */
    public record EventRow(String id, String type, String runId, String at, String agentId, String taskId,
                           String path, String data) {
    }

    private static <T> String csv(Class<T> type, List<T> rows) {
        try {
            return CSV.writer(CSV.schemaFor(type).withHeader()).writeValueAsString(rows);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write CSV of " + type.getSimpleName(), e);
        }
    }

    private static CsvMapper csvMapper() {
        // Columns in the records' declaration order, not alphabetical (CsvMapper's default).
        CsvMapper mapper = CsvMapper.builder().disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY).build();
        mapper.registerModule(new JavaTimeModule());
        // A CSV cell cannot nest: maps (the per-agent metrics) go into one column as JSON.
        mapper.registerModule(new SimpleModule().addSerializer(new MapAsJson()));
        mapper.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        mapper.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        return mapper;
    }

    @SuppressWarnings("rawtypes")
    private static final class MapAsJson extends StdSerializer<Map> {
        MapAsJson() {
            super(Map.class);
        }

        @Override
        public void serialize(Map value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(JSON.writeValueAsString(value));
        }
    }
}
