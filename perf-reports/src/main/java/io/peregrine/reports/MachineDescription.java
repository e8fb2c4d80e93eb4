package io.peregrine.reports;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The machine and settings a run happened on, read from the {@code machine.json} that the bench suite writes (CPU,
 * cores, load, JDK, flags, idle strategy, threading mode, git commit...). Shown as it is, key by key, in file order.
 *
 * @param entries key to text, in file order.
 * @param source  file it came from.
 */
record MachineDescription(Map<String, String> entries, String source)
{
    /** File name the report looks for among its inputs. */
    static final String FILE_NAME = "machine.json";

    /**
     * @param json the file.
     * @return its entries; nested values are shown as compact JSON.
     * @throws IOException if it cannot be read.
     * @throws IllegalArgumentException if it is not a JSON object.
     */
    static MachineDescription read(final Path json) throws IOException
    {
        final JsonNode root = JsonFile.read(json);
        if (null == root || !root.isObject())
        {
            throw new IllegalArgumentException(json + ": a machine description is a JSON object");
        }
        final Map<String, String> entries = new LinkedHashMap<>();
        final Iterator<Map.Entry<String, JsonNode>> fields = root.properties().iterator();
        while (fields.hasNext())
        {
            final Map.Entry<String, JsonNode> field = fields.next();
            final JsonNode value = field.getValue();
            entries.put(field.getKey(), value.isValueNode() ? value.asText() : flatten(value));
        }
        return new MachineDescription(entries, json.getFileName().toString());
    }

    /** An object as {@code key: value; key: value}, anything else as compact JSON. */
    private static String flatten(final JsonNode value)
    {
        if (!value.isObject())
        {
            return value.toString();
        }
        final StringBuilder text = new StringBuilder();
        value.properties().forEach(field -> text.append(text.length() == 0 ? "" : "; ")
            .append(field.getKey()).append(": ")
            .append(field.getValue().isValueNode() ? field.getValue().asText() : field.getValue().toString()));
        return text.toString();
    }
}
