package io.peregrine.reports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a JSON input of the report (JMH results, {@code machine.json}) with Jackson, naming the file when it is not
 * JSON. Stateless; any thread; allocates the tree.
 */
final class JsonFile
{
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonFile()
    {
    }

    /**
     * @param json the file.
     * @return its root node; null or a missing node for an empty file (the caller checks the shape it needs).
     * @throws IOException              if it cannot be read.
     * @throws IllegalArgumentException if it is not valid JSON.
     */
    static JsonNode read(final Path json) throws IOException
    {
        try
        {
            return JSON.readTree(Files.readString(json));
        }
        catch (final JsonProcessingException ex)
        {
            throw new IllegalArgumentException(json + ": not valid JSON (" + ex.getOriginalMessage() + ")");
        }
    }
}
