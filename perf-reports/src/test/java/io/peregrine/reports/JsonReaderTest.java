package io.peregrine.reports;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JsonReaderTest
{
    @Test
    void readsNestedObjectsArraysNumbersStringsAndLiterals()
    {
        final Object value = JsonReader.parse(
            " {\"a\": [1, -2.5e3, true, false, null], \"b\": {\"c\": \"x\\\"y\\\\z\\u0041\\n\"}, \"d\": []} ");

        final Map<?, ?> root = (Map<?, ?>)value;
        assertEquals(List.of(1.0, -2500.0, true, false), ((List<?>)root.get("a")).subList(0, 4));
        assertNull(((List<?>)root.get("a")).get(4));
        assertEquals("x\"y\\zA\n", ((Map<?, ?>)root.get("b")).get("c"));
        assertEquals(List.of(), root.get("d"));
    }

    @Test
    void refusesMalformedDocuments()
    {
        assertThrows(IllegalArgumentException.class, () -> JsonReader.parse("{\"a\": 1"));
        assertThrows(IllegalArgumentException.class, () -> JsonReader.parse("[1, 2] x"));
        assertThrows(IllegalArgumentException.class, () -> JsonReader.parse("{a: 1}"));
        assertThrows(IllegalArgumentException.class, () -> JsonReader.parse("[1,]"));
        assertThrows(IllegalArgumentException.class, () -> JsonReader.parse(""));
    }
}
