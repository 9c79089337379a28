package io.troupe.workspace.files;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.DeltaType;
import java.util.List;

/** How much of an old version a new one throws away, by a line diff. */
public final class LineDiff {
    private LineDiff() {
    }

    /**
     * The characters of {@code before}'s lines that {@code after} does not keep (deleted or
     * changed lines, line breaks not counted).
     */
    public static long destroyedChars(String before, String after) {
        List<String> old = before.lines().toList();
        List<String> now = after.lines().toList();
        long destroyed = 0;
        for (AbstractDelta<String> delta : DiffUtils.diff(old, now).getDeltas()) {
            if (delta.getType() == DeltaType.DELETE || delta.getType() == DeltaType.CHANGE) {
                destroyed += delta.getSource().getLines().stream().mapToLong(String::length).sum();
            }
        }
        return destroyed;
    }
}
