//! End-to-end: `chorus analyze` on the five seed articles.

use std::path::Path;
use std::process::Command;

fn analyze_seeds() -> serde_json::Value {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    assert!(
        seeds.is_dir(),
        "the seeds are expected at {}",
        seeds.display()
    );
    let out = Command::new(env!("CARGO_BIN_EXE_chorus"))
        .args(["analyze", seeds.to_str().unwrap(), "--format", "json"])
        .output()
        .expect("chorus runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("one JSON document")
}

#[test]
fn seeds_people_roles_variants_quotes_and_dates() {
    let v = analyze_seeds();
    let merged = v["entities"].as_array().unwrap();
    let person = |name: &str| {
        merged
            .iter()
            .find(|e| e["name"] == name && e["kind"] == "person")
            .unwrap_or_else(|| panic!("no merged person {name}"))
    };
    let has_role = |name: &str, role: &str| {
        person(name)["roles"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r.as_str().unwrap().contains(role))
    };
    assert!(has_role("Marco Rubio", "Secretary of State"));
    assert!(has_role("Dmitry Peskov", "Kremlin spokesman"));
    assert!(has_role("Kirill Dmitriev", "head of Russia"));
    assert!(has_role("Yuri Ushakov", "foreign policy adviser"));
    // Name variants merged into one person each.
    let zelensky = person("Volodymyr Zelensky");
    let aliases: Vec<&str> = zelensky["aliases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    assert!(
        aliases.contains(&"Zelenskyy") && aliases.contains(&"Zelensky"),
        "{aliases:?}"
    );
    let lavrov = person("Sergey Lavrov");
    assert!(lavrov["aliases"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a == "Sergei Lavrov"));
    assert_eq!(lavrov["articles"].as_array().unwrap().len(), 5);

    let articles = v["articles"].as_array().unwrap();
    let quote_by = |text: &str| {
        articles
            .iter()
            .flat_map(|a| a["quotes"].as_array().unwrap())
            .find(|q| q["text"].as_str().unwrap().starts_with(text))
            .unwrap_or_else(|| panic!("no quote starting {text:?}"))["speaker"]
            .clone()
    };
    assert_eq!(
        quote_by("The conversation was very useful"),
        "Sergei Lavrov"
    );
    assert_eq!(
        quote_by("We seek a strong and lasting peace"),
        "Emmanuel Macron"
    );
    assert_eq!(
        quote_by("President Trump wants to stop the killing"),
        "Tammy Bruce"
    );
    assert_eq!(
        quote_by("There was strong interest in removing"),
        "Sergei Lavrov"
    );

    // "he" in "“The conversation was very useful,” he said" refers back to Lavrov.
    let lavrov_here = articles[1]["entities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == "Sergei Lavrov")
        .expect("Lavrov in article 1");
    assert!(lavrov_here["references"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["text"] == "he"));

    let time = |article: usize, text: &str| {
        articles[article]["times"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["text"] == text)
            .unwrap_or_else(|| panic!("no time {text:?} in article {article}"))["value"]
            .clone()
    };
    assert_eq!(time(1, "Tuesday"), "2025-02-18");
    assert_eq!(time(1, "Monday"), "2025-02-17");
    assert_eq!(time(4, "March 10"), "2025-03-10");
}
