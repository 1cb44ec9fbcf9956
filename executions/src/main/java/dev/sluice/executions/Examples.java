package dev.sluice.executions;

import java.util.List;

/** A few example scripts per language, to start from. */
public final class Examples {
    private Examples() {}

    public record Example(String language, String name, String code, String stdin) {}

    public static final List<Example> ALL = List.of(
            new Example("python", "Hello", "print(\"Hello from Sluice\")\n", null),
            new Example("python", "Sum of a range", "print(sum(range(10)))\n", null),
            new Example("python", "Read stdin", "import sys\n\nfor line in sys.stdin:\n    print(line.strip().upper())\n", "hello\nworld\n"),
            new Example("python", "Fibonacci, streamed", "import time\n\na, b = 0, 1\nfor _ in range(15):\n    print(a, flush=True)\n    a, b = b, a + b\n    time.sleep(0.2)\n", null),
            new Example("node", "Hello", "console.log('Hello from Sluice');\n", null),
            new Example("node", "Sum of a range", "console.log([...Array(10).keys()].reduce((a, b) => a + b, 0));\n", null),
            new Example("node", "Read stdin", "let data = '';\nprocess.stdin.on('data', c => data += c);\nprocess.stdin.on('end', () => console.log(data.toUpperCase()));\n", "hello\nworld\n"),
            new Example("bash", "Hello", "echo \"Hello from Sluice\"\n", null),
            new Example("bash", "Sum of a range", "echo $(( $(seq -s + 0 9) ))\n", null),
            new Example("bash", "Read stdin", "while read -r line; do echo \"${line^^}\"; done\n", "hello\nworld\n"));

    public static List<Example> forLanguage(String language) {
        return ALL.stream().filter(e -> e.language().equals(language)).toList();
    }
}
