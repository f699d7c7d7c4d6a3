# The HTML site and the Markdown briefings: golden files of tests/site,
# the same bytes whatever the thread count, theme lookup and layouts/
# overrides, template errors, and the English labels.
# UPDATE_GOLDEN=1 rewrites tests/site/golden from the current build
# (review the diff before committing it).
. "$TOP/tests/lib.sh"
out=$(tmpdir)

# Files the site renderer writes (data/ and xlsx/ belong to other renderers).
site_files() {
    (cd "$1" && find . -type f ! -path './data/*' ! -path './xlsx/*' ! -path './static/*' \
        ! -name '.duban-*' | sed 's|^\./||' | LC_ALL=C sort)
}

# ---- golden files ----
golden="$TOP/tests/site/golden"
if "$DUBAN" build -C "$TOP/tests/site" -o "$out/site" -j 2 2>"$out/err"; then
    pass "$FLAVOUR/site/build-fixture"
    if [ "${UPDATE_GOLDEN:-}" = 1 ] && [ "$FLAVOUR" = rel ]; then
        rm -rf "$golden"
        mkdir -p "$golden"
        site_files "$out/site" | while read -r f; do
            mkdir -p "$golden/$(dirname "$f")"
            cp "$out/site/$f" "$golden/$f"
        done
        echo "golden files rewritten in tests/site/golden" >&2
    fi
    if diff <(site_files "$out/site") <(site_files "$golden") >"$out/list.diff"; then
        pass "$FLAVOUR/site/golden-file-list"
    else
        fail "$FLAVOUR/site/golden-file-list" "$(head -20 "$out/list.diff")"
    fi
    site_files "$golden" | while read -r f; do
        if cmp -s "$out/site/$f" "$golden/$f"; then
            pass "$FLAVOUR/site/golden/$f"
        else
            fail "$FLAVOUR/site/golden/$f" "$(diff -u "$golden/$f" "$out/site/$f" | head -30)"
        fi
    done
else
    fail "$FLAVOUR/site/build-fixture" "$(cat "$out/err")"
fi

# ---- same bytes with one thread and with two ----
if "$DUBAN" build -C "$TOP" -o "$out/j1" -j 1 --only site 2>"$out/err1" &&
    "$DUBAN" build -C "$TOP" -o "$out/j2" -j 2 --only site 2>"$out/err2"; then
    if diff -r "$out/j1" "$out/j2" >"$out/j.diff"; then
        pass "$FLAVOUR/site/threads-identical"
    else
        fail "$FLAVOUR/site/threads-identical" "$(head -20 "$out/j.diff")"
    fi
else
    fail "$FLAVOUR/site/threads-identical" "$(cat "$out/err1" "$out/err2")"
fi

# ---- every page of the default content is there and linked ----
check "$FLAVOUR/site/default-pages" "$PY" "$TOP/tests/site/check_links.py" "$out/j1"
check "$FLAVOUR/site/atom-feed" "$PY" "$TOP/tests/site/check_feed.py" "$out/j1/feed.xml"

# ---- a site's layouts/ overrides the theme file of the same name ----
mk_site() { # mk_site DIR: a copy of the fixture content
    mkdir -p "$1"
    cp -R "$TOP/tests/site/content" "$1/content"
}
mk_site "$out/ov"
mkdir -p "$out/ov/layouts/partials"
printf '<footer class="site-footer"><p>OVERRIDDEN-FOOTER {{site.title}}</p></footer>\n' \
    >"$out/ov/layouts/partials/footer.html"
if "$DUBAN" build -C "$out/ov" -o "$out/ov/output" 2>"$out/err" &&
    grep -q 'OVERRIDDEN-FOOTER 示例市对口合作督办' "$out/ov/output/index.html" &&
    grep -q 'class="masthead"' "$out/ov/output/index.html"; then
    pass "$FLAVOUR/site/layouts-override"
else
    fail "$FLAVOUR/site/layouts-override" "$(cat "$out/err")"
fi

# ---- a state's by_unit (made when a template walks it) in a layout ----
mk_site "$out/bu"
mkdir -p "$out/bu/layouts/partials"
{
    cat "$TOP/themes/default/partials/item-row.html"
    printf '<!-- {{number}}{{#state}}{{#by_unit}}[{{unit}} {{status}} {{latest}}]{{/by_unit}}{{^by_unit}}[none]{{/by_unit}}{{/state}} -->\n'
} >"$out/bu/layouts/partials/item-row.html"
if "$DUBAN" build -C "$out/bu" -o "$out/bu/output" 2>"$out/err" &&
    grep -qF '<!-- 1.[a-edu in_progress ab-2023/2.1.1/1][b-edu done ab-2023/2.1.1/2] -->' \
        "$out/bu/output/plans/ab-2023.html"; then
    pass "$FLAVOUR/site/state-by-unit"
else
    fail "$FLAVOUR/site/state-by-unit" "$(cat "$out/err"; grep -o '<!-- 1\.[^>]*>' "$out/bu/output/plans/ab-2023.html" | head -3)"
fi

# ---- a theme of the site's own, chosen with -t ----
mk_site "$out/th"
mkdir -p "$out/th/themes"
cp -R "$TOP/themes/default" "$out/th/themes/plain"
sed -i 's|<main id="main" class="wrap">|<main id="main" class="wrap plain-theme">|' "$out/th/themes/plain/baseof.html"
if "$DUBAN" build -C "$out/th" -o "$out/th/output" -t plain 2>"$out/err" &&
    grep -q 'plain-theme' "$out/th/output/units.html"; then
    pass "$FLAVOUR/site/theme-option"
else
    fail "$FLAVOUR/site/theme-option" "$(cat "$out/err")"
fi

# ---- disable_pages: the kinds left out are not written, nor linked to, and
#      their templates may be missing from the theme ----
mk_site "$out/dp"
printf 'disable_pages: [progress, pairings, indicators, briefings, feed, sitemap]\ntheme: lean\n' \
    >>"$out/dp/content/site.yaml"
mkdir -p "$out/dp/themes"
cp -R "$TOP/themes/default" "$out/dp/themes/lean"
rm "$out/dp/themes/lean/"{progress,pairings,indicators,briefings,briefing}.html \
    "$out/dp/themes/lean/"{briefing.md,feed.xml,sitemap.xml}
if "$DUBAN" check -C "$out/dp" 2>"$out/err" && "$DUBAN" build -C "$out/dp" -o "$out/dp/output" 2>>"$out/err"; then
    o=$out/dp/output
    left=$(cd "$o" && ls -d progress.html progress pairings.html indicators.html briefings.html briefings \
        feed.xml sitemap.xml 2>/dev/null)
    links=$(grep -rlE 'href="[^"]*(progress|pairings|indicators|briefings)(/[^"]*)?\.html|feed\.xml' "$o" --include='*.html')
    if [ -z "$left" ] && [ -z "$links" ] && [ -s "$o/index.html" ] && [ -s "$o/units.html" ] &&
        [ -s "$o/plans/ab-2023.html" ] && [ -s "$o/xlsx/all.xlsx" ] && [ -s "$o/data/site.json" ]; then
        pass "$FLAVOUR/site/disable-pages"
    else
        fail "$FLAVOUR/site/disable-pages" "still written: $left; links in: $links"
    fi
    check "$FLAVOUR/site/disable-pages-links" "$PY" "$TOP/tests/site/check_links.py" "$o"
else
    fail "$FLAVOUR/site/disable-pages" "$(cat "$out/err")"
fi
# the same theme without disable_pages: its missing templates are errors
mk_site "$out/dq"
printf 'theme: lean\n' >>"$out/dq/content/site.yaml"
cp -R "$out/dp/themes" "$out/dq/themes"
"$DUBAN" check -C "$out/dq" >/dev/null 2>"$out/err"
rc=$?
if [ $rc -eq 1 ] && grep -q "briefing.md" "$out/err" && grep -q "progress.html" "$out/err"; then
    pass "$FLAVOUR/site/disable-pages-templates-needed"
else
    fail "$FLAVOUR/site/disable-pages-templates-needed" "exit $rc: $(cat "$out/err")"
fi
# plan_briefings: the briefings of the whole site stay, those of each plan go
mk_site "$out/pb"
printf 'disable_pages: [plan_briefings]\n' >>"$out/pb/content/site.yaml"
if "$DUBAN" build -C "$out/pb" -o "$out/pb/output" 2>"$out/err"; then
    o=$out/pb/output
    dirs=$(find "$o/briefings" -mindepth 1 -type d)
    if [ -s "$o/briefings/latest.md" ] && [ -s "$o/briefings/latest.html" ] && [ -z "$dirs" ] &&
        ! grep -q 'class="chip"' "$o/briefings.html" && ! grep -q 'id="h-briefs"' "$o/plans/ab-2023.html" &&
        grep -q 'id="h-briefs"' "$out/site/plans/ab-2023.html"; then
        pass "$FLAVOUR/site/disable-plan-briefings"
    else
        fail "$FLAVOUR/site/disable-plan-briefings" "plan folders: $dirs"
    fi
    check "$FLAVOUR/site/disable-plan-briefings-links" "$PY" "$TOP/tests/site/check_links.py" "$o"
else
    fail "$FLAVOUR/site/disable-plan-briefings" "$(cat "$out/err")"
fi

# ---- a missing theme: exit 2, a clear message, nothing written ----
"$DUBAN" build -C "$out/th" -o "$out/th/none" -t nosuch >/dev/null 2>"$out/err"
rc=$?
if [ $rc -eq 2 ] && grep -q "theme 'nosuch' not found" "$out/err" && [ ! -e "$out/th/none/index.html" ]; then
    pass "$FLAVOUR/site/missing-theme"
else
    fail "$FLAVOUR/site/missing-theme" "exit $rc: $(cat "$out/err")"
fi

# ---- a template error names file:line:col, fails with 1, keeps the output ----
mk_site "$out/bad"
"$DUBAN" build -C "$out/bad" -o "$out/bad/output" 2>/dev/null
before=$(cd "$out/bad/output" && find . -type f -exec md5sum {} + | LC_ALL=C sort)
mkdir -p "$out/bad/layouts"
printf '{{< baseof.html}}\n{{$main}}\n<p>{{#plans}}{{title}}</p>\n{{/main}}\n{{/baseof.html}}\n' \
    >"$out/bad/layouts/home.html"
"$DUBAN" build -C "$out/bad" -o "$out/bad/output" >/dev/null 2>"$out/err"
rc=$?
after=$(cd "$out/bad/output" && find . -type f -exec md5sum {} + | LC_ALL=C sort)
if [ $rc -eq 1 ] && grep -Eq '/layouts/home\.html:[0-9]+:[0-9]+: error' "$out/err" &&
    [ "$before" = "$after" ]; then
    pass "$FLAVOUR/site/template-error"
else
    fail "$FLAVOUR/site/template-error" "exit $rc: $(cat "$out/err")"
fi
"$DUBAN" check -C "$out/bad" >/dev/null 2>"$out/err"
rc=$?
if [ $rc -eq 1 ] && grep -Eq '/layouts/home\.html:[0-9]+:[0-9]+: error' "$out/err"; then
    pass "$FLAVOUR/site/template-error-check"
else
    fail "$FLAVOUR/site/template-error-check" "exit $rc: $(cat "$out/err")"
fi

# ---- a missing partial and a partial outside the theme are errors ----
rm -f "$out/bad/layouts/home.html"
printf '{{> partials/nosuch.html}}\n' >"$out/bad/layouts/404.html"
"$DUBAN" check -C "$out/bad" >/dev/null 2>"$out/err"
rc=$?
if [ $rc -eq 1 ] && grep -Eq "/layouts/404\.html:1:1: error: partial 'partials/nosuch.html' not found" "$out/err"; then
    pass "$FLAVOUR/site/missing-partial"
else
    fail "$FLAVOUR/site/missing-partial" "exit $rc: $(cat "$out/err")"
fi
printf '{{> ../../content/site.yaml}}\n' >"$out/bad/layouts/404.html"
"$DUBAN" build -C "$out/bad" -o "$out/bad/output" >/dev/null 2>"$out/err"
rc=$?
if [ $rc -eq 1 ] && grep -q "refused" "$out/err" && ! grep -rq 'title: 示例' "$out/bad/output"; then
    pass "$FLAVOUR/site/partial-outside-theme"
else
    fail "$FLAVOUR/site/partial-outside-theme" "exit $rc: $(cat "$out/err")"
fi
printf '{{> /etc/passwd}}\n' >"$out/bad/layouts/404.html"
"$DUBAN" check -C "$out/bad" >/dev/null 2>"$out/err"
rc=$?
if [ $rc -eq 1 ] && grep -q "refused" "$out/err"; then
    pass "$FLAVOUR/site/partial-absolute"
else
    fail "$FLAVOUR/site/partial-absolute" "exit $rc: $(cat "$out/err")"
fi

# ---- English labels ----
mk_site "$out/en"
sed -i 's/^language: zh-CN/language: en/' "$out/en/content/site.yaml"
if "$DUBAN" build -C "$out/en" -o "$out/en/output" 2>"$out/err" &&
    grep -q '<html lang="en">' "$out/en/output/index.html" &&
    grep -q '>Delayed<' "$out/en/output/plans/ab-2023.html" &&
    grep -q '^## 1. Overview' "$out/en/output/briefings/latest.md" &&
    grep -q '^\*\*2025 Q2 · No. 2\*\*$' "$out/en/output/briefings/latest.md" &&
    grep -q '^- Period: 2025-04-01 to 2025-06-30$' "$out/en/output/briefings/latest.md" &&
    ! grep -q '推进中\|已完成\|总体情况\|期末状态\|任务清单' "$out/en/output/plans/ab-2023.html" "$out/en/output/briefings/latest.md"; then
    pass "$FLAVOUR/site/english"
else
    fail "$FLAVOUR/site/english" "$(cat "$out/err")"
fi
