"""
Named sections for pymdownx.snippets, on every pymdown-extensions version.

The site's code samples are included from tests that run, a named part of a file at a time:

    in the test:   // --8<-- [start:full-mesh]      ...      // --8<-- [end:full-mesh]
    in the page:   --8<-- "junit-jupiter/src/test/java/.../SomeTest.java:full-mesh"

That is pymdown-extensions' own syntax, which it reads from version 9.7 on; Debian 12 packages 9.5,
which reads whole files only. So this hook (mkdocs.yml: hooks) puts, in place of the configured
pymdownx.snippets, a subclass of it that reads sections the same way on any version, and behaves
the same everywhere:

- a path is relative to the folder of mkdocs.yml (the repository's root), not to where mkdocs runs;
- a section's lines are dedented, and marker lines of any section are left out of what is included;
- with check_paths, a missing file, a missing section, or a section that is opened and never closed
  stops the build (mkdocs build --strict);
- included text is not searched for further includes: a test that mentions the marker stays a test.
"""
import codecs
import os
import re
import textwrap

from mkdocs.exceptions import PluginError
from pymdownx import snippets

EXTENSION = "pymdownx.snippets"

# "path:section"; a section name is as pymdown-extensions 9.7 and later take it.
RE_PATH_SECTION = re.compile(r"^(?P<path>.+?):(?P<section>[a-z][-_0-9a-z]*)$", re.IGNORECASE)
RE_SECTION_MARKER = re.compile(
    r"-{1,}8<-{1,}[ \t]+\[[ \t]*(?P<type>start|end)[ \t]*:[ \t]*(?P<name>[a-z][-_0-9a-z]*)[ \t]*\]", re.IGNORECASE)


class SectionSnippetPreprocessor(snippets.SnippetPreprocessor):
    """pymdownx.snippets' preprocessor, reading "path:section" as pymdown-extensions 9.7 does."""

    def parse_snippets(self, lines, file_name=None, is_url=False):
        new_lines = []
        for line in lines:
            m = self.RE_ALL_SNIPPETS.match(line)
            if not m or not m.group("inline_marker"):
                if m:
                    raise snippets.SnippetMissingError(
                        "block snippets (a line of --8<-- alone) are not used on this site; "
                        "write --8<-- \"path:section\"")
                new_lines.append(line)
                continue
            space = m.group("space").expandtabs(self.tab_length)
            reference = m.group("snippet")[1:-1].strip()
            new_lines.extend(space + l for l in self.included(reference))
        return new_lines

    def included(self, reference):
        path, section = reference, None
        whole = self.get_snippet_path(reference)
        if whole is None:
            m = RE_PATH_SECTION.match(reference)
            if m:
                path, section = m.group("path"), m.group("section")
        found = whole or self.get_snippet_path(path)
        if found is None:
            if self.check_paths:
                raise snippets.SnippetMissingError("snippet file '%s' was not found" % path)
            return []
        with codecs.open(found, "r", encoding=self.encoding) as f:
            text = [l.rstrip("\r\n") for l in f]
        if section is None:
            return [l for l in text if not RE_SECTION_MARKER.search(l)]
        return self.section(path, section, text)

    def section(self, path, name, text):
        inside, found, kept = False, False, []
        for line in text:
            m = RE_SECTION_MARKER.search(line)
            if m and m.group("name") == name:
                if m.group("type").lower() == "start":
                    inside, found = True, True
                    continue
                if inside:
                    return textwrap.dedent("\n".join(kept)).split("\n")
            if inside and not m:
                kept.append(line)
        if self.check_paths:
            why = "is opened and never closed" if found else "was not found"
            raise snippets.SnippetMissingError("snippet section '%s' of '%s' %s" % (name, path, why))
        return []


class SectionSnippetExtension(snippets.SnippetExtension):
    """pymdownx.snippets, with the preprocessor above."""

    def extendMarkdown(self, md):
        self.md = md
        md.registerExtension(self)
        md.preprocessors.register(SectionSnippetPreprocessor(self.getConfigs(), md), "snippet", 32)

    def reset(self):
        pass


def on_config(config, **kwargs):
    extensions = config["markdown_extensions"]
    if EXTENSION not in extensions:
        raise PluginError("mkdocs.yml: the snippet_sections hook needs %s in markdown_extensions" % EXTENSION)
    settings = dict(config["mdx_configs"].pop(EXTENSION, {}) or {})
    root = os.path.dirname(os.path.abspath(config["config_file_path"]))
    bases = settings.get("base_path", ["."])
    settings["base_path"] = [os.path.join(root, b) for b in ([bases] if isinstance(bases, str) else bases)]
    extensions[extensions.index(EXTENSION)] = SectionSnippetExtension(**settings)
    return config
