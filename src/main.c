/* main.c - the command line: parses options, runs a command, prints the
 * diagnostics and decides the exit code (0 clean, 1 content errors,
 * 2 usage or I/O errors). */
#include "build.h"
#include "date.h"
#include "diag.h"
#include "load.h"
#include "newentry.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef DU_VERSION
#define DU_VERSION "0.0.0"
#endif

static const char du_usage[] =
    "usage: duban [--version] [--help] COMMAND [ARGS]\n"
    "\n"
    "Publish how cooperation plans are carried out: YAML content in, HTML site,\n"
    "Markdown briefings, Excel ledgers and open-data JSON out.\n"
    "\n"
    "commands:\n"
    "  check          load and validate content/, print every problem\n"
    "  build          check, then render everything into output/\n"
    "  new progress   append a progress entry skeleton for an editor\n"
    "\n"
    "Run 'duban COMMAND --help' for a command's options. See duban(1).\n";

static const char du_usage_check[] =
    "usage: duban check [-C DIR] [--strict] [--as-of YYYY-MM-DD]\n"
    "\n"
    "Load and validate the content of the site root DIR (default: the current\n"
    "directory) and print every problem as file:line:col: severity: message.\n"
    "\n"
    "  -C DIR               run as if started in DIR\n"
    "      --strict         warnings fail too\n"
    "      --as-of DATE     reporting date (default: site.yaml, SOURCE_DATE_EPOCH, today)\n"
    "  -h, --help           show this help\n"
    "\n"
    "exit status: 0 clean, 1 content errors, 2 usage or I/O errors\n";

static const char du_usage_build[] =
    "usage: duban build [-C DIR] [-o OUT] [-t THEME] [--as-of YYYY-MM-DD] [--strict]\n"
    "                   [-j N] [--only data|site|xlsx]\n"
    "\n"
    "Check the content, then render the site, briefings, workbooks and JSON into\n"
    "OUT (default DIR/output). The output is replaced atomically: a failed build\n"
    "leaves the previous output untouched.\n"
    "\n"
    "  -C DIR               run as if started in DIR\n"
    "  -o, --output OUT     output folder\n"
    "  -t, --theme THEME    theme (default: site.yaml's theme, else 'default')\n"
    "      --as-of DATE     reporting date (default: site.yaml, SOURCE_DATE_EPOCH, today)\n"
    "      --strict         warnings fail too\n"
    "  -j, --jobs N         threads (default: number of processors; 1: one thread)\n"
    "      --only PART      render only data, site or xlsx (repeatable)\n"
    "  -q, --quiet          no progress on the terminal\n"
    "  -v, --verbose        count the files kept and rendered, time each phase\n"
    "  -h, --help           show this help\n"
    "\n"
    "exit status: 0 built, 1 content errors, 2 usage or I/O errors\n";

static const char du_usage_new[] =
    "usage: duban new progress PLAN-ID/ITEM-ID [-C DIR] [--unit NAME] [--date YYYY-MM-DD]\n"
    "\n"
    "Append a pre-filled progress entry to content/progress/PLAN-ID.yaml for an\n"
    "editor to complete. The item and unit must exist.\n"
    "\n"
    "  -C DIR               run as if started in DIR\n"
    "  -u, --unit NAME      reporting unit, any name of the unit registry\n"
    "  -d, --date DATE      date of the entry (default: today)\n"
    "  -h, --help           show this help\n";

enum { OPT_STRICT = 256, OPT_AS_OF, OPT_ONLY };

static bool du_color(void)
{
    const char *nc = getenv("NO_COLOR");
    return isatty(2) && !(nc && *nc) && !(getenv("TERM") && !strcmp(getenv("TERM"), "dumb"));
}

static int du_usage_error(const char *cmd, const char *fmt, const char *arg)
{
    fprintf(stderr, "duban%s%s: ", cmd ? " " : "", cmd ? cmd : "");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry 'duban%s%s --help'.\n", cmd ? " " : "", cmd ? cmd : "");
    return DU_IO;
}

/* getopt's own messages would name the command "check:" (argv[0] of the
 * sub-command), so it stays quiet (opterr = 0, optstring starting with ':')
 * and the bad option is reported here in the tool's form. */
static int du_bad_option(const char *cmd, int c, char **argv)
{
    char shortopt[3] = {'-', (char)optopt, '\0'};
    const char *last = argv[optind - 1];
    const char *opt = strncmp(last, "--", 2) != 0 && optopt > 0 && optopt < 128 ? shortopt : last;
    if (c == ':')
        return du_usage_error(cmd, "option '%s' needs a value", opt);
    return du_usage_error(cmd, "unknown option '%s'", opt);
}

static int du_finish(du_diag *d, int rc)
{
    du_diag_sort(d);
    du_diag_print(d, stderr, du_color(), true);
    du_diag_free(d);
    return rc;
}

static int du_cmd_check_build(int argc, char **argv, bool build)
{
    static const struct option opts[] = {
        {"strict", no_argument, NULL, OPT_STRICT}, {"as-of", required_argument, NULL, OPT_AS_OF},
        {"output", required_argument, NULL, 'o'},  {"theme", required_argument, NULL, 't'},
        {"jobs", required_argument, NULL, 'j'},    {"only", required_argument, NULL, OPT_ONLY},
        {"quiet", no_argument, NULL, 'q'},         {"help", no_argument, NULL, 'h'},
        {"verbose", no_argument, NULL, 'v'},       {NULL, 0, NULL, 0}};
    const char *cmd = build ? "build" : "check";
    du_build_opts o = {.root = ".", .as_of = DU_DATE_NONE, .parts = 0};
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, build ? ":C:o:t:j:qvh" : ":C:qh", opts, NULL)) != -1) {
        switch (c) {
        case 'C': o.root = optarg; break;
        case 'o': o.out = optarg; break;
        case 't':
            /* a theme is a folder name, like site.yaml's theme: never a path */
            if (!du_id_valid(optarg))
                return du_usage_error(cmd, "--theme takes a theme name, not a path: '%s'", optarg);
            o.theme = optarg;
            break;
        case 'q': o.quiet = true; break;
        case 'v': o.verbose = true; break;
        case 'j': {
            char *end;
            long j = strtol(optarg, &end, 10);
            if (*end || j < 1 || j > 64)
                return du_usage_error(cmd, "--jobs takes a number from 1 to 64, not '%s'", optarg);
            o.jobs = (int)j;
            break;
        }
        case OPT_STRICT: o.strict = true; break;
        case OPT_AS_OF:
            if (!du_date_parse(optarg, &o.as_of))
                return du_usage_error(cmd, "--as-of takes a real date YYYY-MM-DD, not '%s'", optarg);
            break;
        case OPT_ONLY:
            if (!build)
                return du_usage_error(cmd, "unknown option '%s'", "--only");
            if (!strcmp(optarg, "data")) o.parts |= DU_PART_DATA;
            else if (!strcmp(optarg, "site")) o.parts |= DU_PART_SITE;
            else if (!strcmp(optarg, "xlsx")) o.parts |= DU_PART_XLSX;
            else return du_usage_error(cmd, "--only takes data, site or xlsx, not '%s'", optarg);
            break;
        case 'h': fputs(build ? du_usage_build : du_usage_check, stdout); return 0;
        default: return du_bad_option(cmd, c, argv);
        }
    }
    if (optind < argc)
        return du_usage_error(cmd, "unexpected argument '%s'", argv[optind]);
    if (!o.parts)
        o.parts = DU_PART_ALL;
    if (o.quiet || !isatty(2))
        o.quiet = true;
    du_diag d;
    du_diag_init(&d);
    du_result r = build ? du_build(&o, &d) : du_check(&o, &d);
    return du_finish(&d, (int)r);
}

static int du_cmd_new(int argc, char **argv)
{
    static const struct option opts[] = {{"unit", required_argument, NULL, 'u'},
                                         {"date", required_argument, NULL, 'd'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *root = ".", *unit = NULL;
    du_date date = du_date_today();
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":C:u:d:h", opts, NULL)) != -1) {
        switch (c) {
        case 'C': root = optarg; break;
        case 'u': unit = optarg; break;
        case 'd':
            if (!du_date_parse(optarg, &date))
                return du_usage_error("new", "--date takes a real date YYYY-MM-DD, not '%s'", optarg);
            break;
        case 'h': fputs(du_usage_new, stdout); return 0;
        default: return du_bad_option("new", c, argv);
        }
    }
    if (optind >= argc || strcmp(argv[optind], "progress") != 0)
        return du_usage_error("new", "%s", "what to create? 'duban new progress PLAN-ID/ITEM-ID'");
    if (optind + 1 >= argc)
        return du_usage_error("new", "%s", "missing PLAN-ID/ITEM-ID");
    if (optind + 2 < argc)
        return du_usage_error("new", "unexpected argument '%s'", argv[optind + 2]);
    du_diag d;
    du_diag_init(&d);
    int rc = du_new_progress(root, argv[optind + 1], unit, date, &d);
    return du_finish(&d, rc);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(du_usage, stderr);
        return DU_IO;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        fputs(du_usage, stdout);
        return 0;
    }
    if (!strcmp(cmd, "--version") || !strcmp(cmd, "-V")) {
        printf("duban %s\n", DU_VERSION);
        return 0;
    }
    if (!strcmp(cmd, "check"))
        return du_cmd_check_build(argc - 1, argv + 1, false);
    if (!strcmp(cmd, "build"))
        return du_cmd_check_build(argc - 1, argv + 1, true);
    if (!strcmp(cmd, "new"))
        return du_cmd_new(argc - 1, argv + 1);
    return du_usage_error(NULL, "unknown command '%s'", cmd);
}
