package dev.sluice.sandbox.local;

import dev.sluice.sandbox.CodeRunner;
import dev.sluice.sandbox.CodeRunnerContract;

/** The CodeRunner contract, on the local sandbox, for every runtime this host has. */
class LocalSandboxTest extends CodeRunnerContract {

    @Override
    protected CodeRunner createRunner() {
        return TestSandboxes.started(TestSandboxes.config(4));
    }

    @Override
    protected void disposeRunner(CodeRunner runner) {
        ((LocalSandbox) runner).stop();
    }
}
