package io.troupe.workspace.testrun;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a test command into arguments the way a POSIX shell would for simple commands: blanks
 * separate, single quotes keep everything literal, double quotes group, a backslash escapes the
 * next character. No variables, globs or pipes: the command is executed directly, never by a shell.
 */
public final class CommandLine {
    private CommandLine() {
    }

    public static List<String> split(String command) {
        List<String> args = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inArg = false;
        char quote = 0;
        for (int i = 0; i < command.length(); i++) {
            char ch = command.charAt(i);
            if (quote == '\'') {
                if (ch == '\'') {
                    quote = 0;
                } else {
                    current.append(ch);
                }
            } else if (ch == '\\' && i + 1 < command.length()) {
                current.append(command.charAt(++i));
                inArg = true;
            } else if (quote == '"') {
                if (ch == '"') {
                    quote = 0;
                } else {
                    current.append(ch);
                }
            } else if (ch == '\'' || ch == '"') {
                quote = ch;
                inArg = true;
            } else if (Character.isWhitespace(ch)) {
                if (inArg) {
                    args.add(current.toString());
                    current.setLength(0);
                    inArg = false;
                }
            } else {
                current.append(ch);
                inArg = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unbalanced " + quote + " quote in test command: " + command);
        }
        if (inArg) {
            args.add(current.toString());
        }
        return args;
    }

    /** True if the command runs pytest ({@code pytest ...}, {@code python3 -m pytest ...}). */
    public static boolean isPytest(List<String> args) {
        return args.stream().map(a -> a.substring(a.lastIndexOf('/') + 1))
                .anyMatch(name -> name.equals("pytest") || name.equals("py.test"));
    }
}
