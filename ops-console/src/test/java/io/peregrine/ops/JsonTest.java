package io.peregrine.ops;

import io.peregrine.ops.http.Json;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonTest
{
    @Test
    void readsObjectsArraysAndScalars()
    {
        assertEquals(Map.of("a", 1L, "b", List.of(true, false), "c", "x\"y\u00e9", "d", 2.5),
            Json.parse(" {\"a\": 1, \"b\": [true, false], \"c\": \"x\\\"y\\u00e9\", \"d\": 2.5e0} "));
        assertEquals(null, Json.parse("null"));
        assertEquals(-7L, Json.parse("-7"));
    }

    @Test
    void refusesWhatIsNotStrictJson()
    {
        for (final String bad : new String[]{"", "{", "{\"a\":}", "{a:1}", "{\"a\":1,}", "[1,]", "01", "1.", "tru",
            "\"unterminated", "{\"a\":1} x", "{\"a\":1,\"a\":2}", "\"tab\there\"", "[" .repeat(40)})
        {
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> Json.parse(bad),
                bad);
            assertTrue(ex.getMessage().startsWith("malformed JSON at offset "), ex.getMessage());
        }
    }

    @Test
    void quotesForJsonAndHtml()
    {
        assertEquals("\"a\\\"b\\\\c\\n\\u003c\"", Json.quote("a\"b\\c\n<"));
    }
}
