using System.CommandLine;
using CronHooks.Cli.Common;

namespace CronHooks.Cli.Commands;

/// <summary>Shell completion through System.CommandLine's [suggest] directive: the script asks cronhooks itself.</summary>
internal static class CompletionCommand
{
    public static Command Create(Terminal terminal)
    {
        var shell = new Argument<string>("shell") { Description = "bash or zsh" };
        shell.AcceptOnlyFromAmong("bash", "zsh");
        var command = new Command("completion", "Print a shell completion script: eval \"$(cronhooks completion bash)\"") { shell };
        return command.Does(terminal, (ctx, _) =>
        {
            terminal.Line(ctx.Get(shell) == "bash" ? Bash : Zsh);
            return Task.FromResult(ExitCodes.Ok);
        });
    }

    private const string Bash = """
        _cronhooks_complete() {
            local IFS=$'\n'
            COMPREPLY=( $(compgen -W "$(cronhooks "[suggest:${COMP_POINT}]" "${COMP_LINE}" 2>/dev/null)" -- "${COMP_WORDS[COMP_CWORD]}") )
        }
        complete -o default -F _cronhooks_complete cronhooks
        """;

    private const string Zsh = """
        _cronhooks_complete() {
            local -a completions
            completions=("${(@f)$(cronhooks "[suggest:${#BUFFER}]" "${BUFFER}" 2>/dev/null)}")
            compadd -a completions
        }
        compdef _cronhooks_complete cronhooks
        """;
}
