package io.peregrine.ops.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A small strict JSON reader and string quoting for the ops console's request and response bodies: objects, arrays,
 * strings, numbers, true/false/null. Rejects trailing garbage, duplicate keys, unescaped control characters and
 * nesting deeper than {@value #MAX_DEPTH}; the message of the {@link IllegalArgumentException} says what and where.
 * Any thread; allocates (edge).
 */
public final class Json
{
    /** Deepest nesting accepted. */
    public static final int MAX_DEPTH = 16;

    private final String text;
    private int pos;
    private int depth;

    private Json(final String text)
    {
        this.text = text;
    }

    /**
     * @param text a JSON document.
     * @return maps (insertion ordered), lists, strings, doubles/longs (integers without fraction or exponent as Long),
     *         booleans or null.
     * @throws IllegalArgumentException with the reason and offset when the text is not valid JSON.
     */
    public static Object parse(final String text)
    {
        final Json json = new Json(text);
        json.skipWhitespace();
        final Object value = json.value();
        json.skipWhitespace();
        if (json.pos != text.length())
        {
            throw json.error("unexpected text after the JSON value");
        }
        return value;
    }

    /**
     * @param value a string.
     * @return it as a quoted JSON string.
     */
    public static String quote(final String value)
    {
        final StringBuilder sb = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            switch (c)
            {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                default:
                    if (c < 0x20 || c == '<' || c == '>')
                    {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int)c));
                    }
                    else
                    {
                        sb.append(c);
                    }
            }
        }
        return sb.append('"').toString();
    }

    private Object value()
    {
        if (pos >= text.length())
        {
            throw error("unexpected end of input");
        }
        final char c = text.charAt(pos);
        switch (c)
        {
            case '{': return object();
            case '[': return array();
            case '"': return string();
            case 't': return literal("true", Boolean.TRUE);
            case 'f': return literal("false", Boolean.FALSE);
            case 'n': return literal("null", null);
            default:
                if (c == '-' || (c >= '0' && c <= '9'))
                {
                    return number();
                }
                throw error("unexpected character '" + c + "'");
        }
    }

    private Map<String, Object> object()
    {
        final Map<String, Object> map = new LinkedHashMap<>();
        if (opensEmpty('}'))
        {
            return map;
        }
        while (true)
        {
            skipWhitespace();
            if (peek() != '"')
            {
                throw error("expected a string key");
            }
            final int keyAt = pos;
            final String key = string();
            if (map.containsKey(key))
            {
                pos = keyAt;
                throw error("duplicate key \"" + key + "\"");
            }
            skipWhitespace();
            expect(':');
            skipWhitespace();
            map.put(key, value());
            if (closesAfterValue('}'))
            {
                return map;
            }
        }
    }

    private List<Object> array()
    {
        final List<Object> list = new ArrayList<>();
        if (opensEmpty(']'))
        {
            return list;
        }
        while (true)
        {
            skipWhitespace();
            list.add(value());
            if (closesAfterValue(']'))
            {
                return list;
            }
        }
    }

    /**
     * After a member or an element: consumes the closing bracket (true, one level up) or a comma (false, another
     * follows); anything else is an error naming both.
     */
    private boolean closesAfterValue(final char close)
    {
        skipWhitespace();
        if (closes(close))
        {
            return true;
        }
        if (peek() != ',')
        {
            throw error("expected ',' or '" + close + "'");
        }
        pos++;
        return false;
    }

    /**
     * At the opening bracket of an object or array: one level down (an error past {@link #MAX_DEPTH}), past the
     * bracket and any white space; true, and one level up again, when the closing bracket follows at once.
     */
    private boolean opensEmpty(final char close)
    {
        if (++depth > MAX_DEPTH)
        {
            throw error("nested deeper than " + MAX_DEPTH);
        }
        pos++;
        skipWhitespace();
        return closes(close);
    }

    /** Consumes {@code close} if it is next (true, one level up). */
    private boolean closes(final char close)
    {
        if (peek() != close)
        {
            return false;
        }
        pos++;
        depth--;
        return true;
    }

    private String string()
    {
        pos++;
        final StringBuilder sb = new StringBuilder();
        while (true)
        {
            if (pos >= text.length())
            {
                throw error("unterminated string");
            }
            final char c = text.charAt(pos++);
            if (c == '"')
            {
                return sb.toString();
            }
            if (c < 0x20)
            {
                pos--;
                throw error("control character in string");
            }
            if (c != '\\')
            {
                sb.append(c);
                continue;
            }
            if (pos >= text.length())
            {
                throw error("unterminated escape");
            }
            final char e = text.charAt(pos++);
            switch (e)
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
                    if (pos + 4 > text.length())
                    {
                        throw error("short \\u escape");
                    }
                    try
                    {
                        sb.append((char)Integer.parseInt(text.substring(pos, pos + 4), 16));
                    }
                    catch (final NumberFormatException ex)
                    {
                        throw error("bad \\u escape");
                    }
                    pos += 4;
                    break;
                default:
                    pos--;
                    throw error("bad escape '\\" + e + "'");
            }
        }
    }

    private Object number()
    {
        final int start = pos;
        if (peek() == '-')
        {
            pos++;
        }
        if (peek() == '0')
        {
            pos++;
        }
        else if (isDigit(peek()))
        {
            while (isDigit(peek()))
            {
                pos++;
            }
        }
        else
        {
            throw error("bad number");
        }
        boolean integral = true;
        if (peek() == '.')
        {
            integral = false;
            pos++;
            if (!isDigit(peek()))
            {
                throw error("bad number: digits expected after '.'");
            }
            while (isDigit(peek()))
            {
                pos++;
            }
        }
        if (peek() == 'e' || peek() == 'E')
        {
            integral = false;
            pos++;
            if (peek() == '+' || peek() == '-')
            {
                pos++;
            }
            if (!isDigit(peek()))
            {
                throw error("bad number: digits expected in the exponent");
            }
            while (isDigit(peek()))
            {
                pos++;
            }
        }
        final String number = text.substring(start, pos);
        if (integral)
        {
            try
            {
                return Long.parseLong(number);
            }
            catch (final NumberFormatException ex)
            {
                pos = start;
                throw error("integer out of range");
            }
        }
        return Double.parseDouble(number);
    }

    private Object literal(final String word, final Object value)
    {
        if (!text.startsWith(word, pos))
        {
            throw error("unexpected word");
        }
        pos += word.length();
        return value;
    }

    private void expect(final char c)
    {
        if (peek() != c)
        {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private char peek()
    {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private static boolean isDigit(final char c)
    {
        return c >= '0' && c <= '9';
    }

    private void skipWhitespace()
    {
        while (pos < text.length())
        {
            final char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            {
                return;
            }
            pos++;
        }
    }

    private IllegalArgumentException error(final String what)
    {
        return new IllegalArgumentException("malformed JSON at offset " + pos + ": " + what);
    }
}
