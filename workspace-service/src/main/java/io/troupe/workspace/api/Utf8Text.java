package io.troupe.workspace.api;

import io.troupe.protocol.problem.ProblemType;
import io.troupe.support.problem.ProblemException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A request body as workspace text: UTF-8, no NUL character (which PostgreSQL text cannot hold).
 * A declared charset is not trusted (HTTP clients often default to ISO-8859-1): the bytes must be UTF-8.
 */
final class Utf8Text {
    private Utf8Text() {
    }

    static String decode(byte[] body) {
        if (body == null) {
            return "";
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw unsupported("the body is not valid UTF-8 (" + body.length + " bytes); workspace files are UTF-8 "
                    + "text, binary files cannot be stored");
        }
        int nul = text.indexOf('\0');
        if (nul >= 0) {
            throw unsupported("the body contains a NUL character at offset " + nul
                    + "; workspace files are text, binary files cannot be stored");
        }
        return text;
    }

    private static ProblemException unsupported(String detail) {
        return new ProblemException(ProblemType.UNSUPPORTED_CONTENT, detail);
    }
}
