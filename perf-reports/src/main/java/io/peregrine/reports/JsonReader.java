package io.peregrine.reports;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small reader for the JSON JMH writes with {@code -rf json}: objects become {@link LinkedHashMap}s (key order
 * kept), arrays {@link ArrayList}s, numbers {@link Double}s, plus {@link String}, {@link Boolean} and {@code null}.
 * <p>
 * Written by hand because the project pins no JSON library; it accepts standard JSON (RFC 8259) and nothing more,
 * which is all JMH produces. Not thread-safe; one instance per document.
 */
final class JsonReader
{
    private final String text;
    private int index;

    private JsonReader(final String text)
    {
        this.text = text;
    }

    /**
     * @param text a complete JSON document.
     * @return the parsed value.
     * @throws IllegalArgumentException with the character offset if the text is not valid JSON.
     */
    static Object parse(final String text)
    {
        final JsonReader reader = new JsonReader(text);
        reader.skipWhitespace();
        final Object value = reader.readValue();
        reader.skipWhitespace();
        if (reader.index != text.length())
        {
            throw reader.error("trailing characters");
        }
        return value;
    }

    private Object readValue()
    {
        if (index >= text.length())
        {
            throw error("unexpected end of input");
        }
        final char c = text.charAt(index);
        switch (c)
        {
            case '{':
                return readObject();
            case '[':
                return readArray();
            case '"':
                return readString();
            case 't':
                expectWord("true");
                return Boolean.TRUE;
            case 'f':
                expectWord("false");
                return Boolean.FALSE;
            case 'n':
                expectWord("null");
                return null;
            default:
                if (c == '-' || (c >= '0' && c <= '9'))
                {
                    return readNumber();
                }
                throw error("unexpected character '" + c + "'");
        }
    }

    private Map<String, Object> readObject()
    {
        final Map<String, Object> object = new LinkedHashMap<>();
        index++;
        skipWhitespace();
        if (peek() == '}')
        {
            index++;
            return object;
        }
        while (true)
        {
            skipWhitespace();
            if (peek() != '"')
            {
                throw error("expected a member name");
            }
            final String name = readString();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            object.put(name, readValue());
            skipWhitespace();
            final char c = next();
            if (c == '}')
            {
                return object;
            }
            if (c != ',')
            {
                throw error("expected ',' or '}'");
            }
        }
    }

    private List<Object> readArray()
    {
        final List<Object> array = new ArrayList<>();
        index++;
        skipWhitespace();
        if (peek() == ']')
        {
            index++;
            return array;
        }
        while (true)
        {
            skipWhitespace();
            array.add(readValue());
            skipWhitespace();
            final char c = next();
            if (c == ']')
            {
                return array;
            }
            if (c != ',')
            {
                throw error("expected ',' or ']'");
            }
        }
    }

    private String readString()
    {
        expect('"');
        final StringBuilder sb = new StringBuilder();
        while (true)
        {
            final char c = next();
            if (c == '"')
            {
                return sb.toString();
            }
            if (c != '\\')
            {
                sb.append(c);
                continue;
            }
            final char escaped = next();
            switch (escaped)
            {
                case '"': sb.append('"'); break;
                case '\\': sb.append('\\'); break;
                case '/': sb.append('/'); break;
                case 'b': sb.append('\b'); break;
                case 'f': sb.append('\f'); break;
                case 'n': sb.append('\n'); break;
                case 'r': sb.append('\r'); break;
                case 't': sb.append('\t'); break;
                case 'u':
                    if (index + 4 > text.length())
                    {
                        throw error("truncated \\u escape");
                    }
                    sb.append((char)Integer.parseInt(text.substring(index, index + 4), 16));
                    index += 4;
                    break;
                default:
                    throw error("bad escape '\\" + escaped + "'");
            }
        }
    }

    private Double readNumber()
    {
        final int start = index;
        while (index < text.length() && "+-0123456789.eE".indexOf(text.charAt(index)) >= 0)
        {
            index++;
        }
        try
        {
            return Double.valueOf(text.substring(start, index));
        }
        catch (final NumberFormatException ex)
        {
            index = start;
            throw error("bad number");
        }
    }

    private void expectWord(final String word)
    {
        if (!text.startsWith(word, index))
        {
            throw error("expected " + word);
        }
        index += word.length();
    }

    private void expect(final char expected)
    {
        if (next() != expected)
        {
            index--;
            throw error("expected '" + expected + "'");
        }
    }

    private char peek()
    {
        if (index >= text.length())
        {
            throw error("unexpected end of input");
        }
        return text.charAt(index);
    }

    private char next()
    {
        final char c = peek();
        index++;
        return c;
    }

    private void skipWhitespace()
    {
        while (index < text.length() && Character.isWhitespace(text.charAt(index)))
        {
            index++;
        }
    }

    private IllegalArgumentException error(final String message)
    {
        return new IllegalArgumentException("invalid JSON at offset " + index + ": " + message);
    }
}
