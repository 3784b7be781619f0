package io.camelbundle.cookbook;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The recipes of docs/routes.md as the documentation shows them: each "### Recipe N" section's YAML route
 * file and properties. Tests run exactly that text, so the documentation cannot drift from what works.
 */
final class Cookbook {

    static final Path DOC = Path.of("docs/routes.md");
    /** Where the recipes' route files are written for the bundle to load with its own. */
    static final Path ROUTES = Path.of("target/cookbook");

    private static final Pattern RECIPE = Pattern.compile("(?m)^### Recipe (\\d+):");
    private static final Pattern BLOCK = Pattern.compile("(?ms)^```(yaml|properties)\\n(.*?)^```");

    record Recipe(int number, String yaml, Map<String, String> properties) {
    }

    private Cookbook() {
    }

    static Map<Integer, Recipe> recipes() {
        String text;
        try {
            text = Files.readString(DOC);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<Integer, Recipe> recipes = new TreeMap<>();
        Matcher heading = RECIPE.matcher(text);
        while (heading.find()) {
            int start = heading.end();
            int end = text.indexOf("\n### ", start);
            int endOfSection = text.indexOf("\n## ", start);
            end = Math.min(end < 0 ? text.length() : end, endOfSection < 0 ? text.length() : endOfSection);
            StringBuilder yaml = new StringBuilder();
            Map<String, String> properties = new LinkedHashMap<>();
            Matcher block = BLOCK.matcher(text.substring(start, end));
            while (block.find()) {
                if (block.group(1).equals("yaml")) {
                    yaml.append(block.group(2));
                } else {
                    Properties p = new Properties();
                    try {
                        p.load(new StringReader(block.group(2)));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    p.stringPropertyNames().forEach(k -> properties.put(k, p.getProperty(k)));
                }
            }
            int number = Integer.parseInt(heading.group(1));
            recipes.put(number, new Recipe(number, yaml.toString(), properties));
        }
        return recipes;
    }

    /** Writes every recipe's route file where {@link CookbookProfile} makes the bundle load it. */
    static void writeRouteFiles() {
        try {
            Files.createDirectories(ROUTES);
            for (Recipe recipe : recipes().values()) {
                if (!recipe.yaml().isBlank()) {
                    Files.writeString(ROUTES.resolve("recipe-" + recipe.number() + ".camel.yaml"), recipe.yaml());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
