//! Copy detection scored on texts written for this evaluation (no data-set text).
//!
//! Every base article (three paragraphs) comes with derived versions that reuse its text — a
//! reprint with light edits and an added line, a cut version (its first two paragraphs), and a
//! version with its paragraphs reordered — and with an independent rewrite of the same facts in
//! other words. The gold copy pairs are all pairs among a base and its derived versions; a
//! rewrite pairs with nothing, and nothing pairs across bases.

use chorus_relate::copies::find_copies;
use std::collections::BTreeSet;

/// Floor on the precision of copy pairs.
pub const PRECISION_FLOOR: f64 = 0.95;
/// Floor on the recall of copy pairs.
pub const RECALL_FLOOR: f64 = 0.95;

/// Base articles (three paragraphs each) and an independent rewrite of each.
const ARTICLES: &[([&str; 3], &str)] = &[
    (
        [
            "Gale-force winds closed the harbour bridge in Port Ellis on Tuesday after a section of its railing was torn away, the transit authority said.",
            "No injuries were reported. Engineers would inspect the span overnight, and the bridge could reopen on Wednesday if the wind eased, according to the authority.",
            "Shop owners on the eastern approach said trade had stopped by mid-afternoon as queues formed at the ferry terminal and buses were sent on a long detour.",
        ],
        "Storm damage shut the main crossing over Port Ellis harbour this week. A stretch of guard rail came loose in the gusts, so officials barred traffic while inspectors checked the structure; nobody was hurt. Traders near the approach road complained that customers vanished, and commuters waited for boats instead.",
    ),
    (
        [
            "The city council of Marlow approved next year's budget on Monday night after a debate that lasted more than six hours and ended close to midnight.",
            "The plan raises spending on road repairs by eight percent while trimming the library service, which loses two mobile vans and a tenth of its book fund.",
            "Opposition members said the cuts fell on the poorest districts and promised to bring the library question back to the chamber in the spring.",
        ],
        "Marlow's councillors voted through their annual spending plan at a marathon late-night session. Roads get more money; libraries get less, losing a pair of book buses. Critics on the minority benches argued poorer neighbourhoods would suffer most and vowed to reopen the argument in a few months.",
    ),
    (
        [
            "Northfield Rovers won the regional cup on Saturday, beating Caster United by two goals to one in front of a sell-out crowd at Greenway Park.",
            "Caster had led at half-time through a header from their captain, but Rovers equalised from the penalty spot and scored the winner four minutes from the end.",
            "It is the club's first trophy in nineteen years, and the manager dedicated the victory to the volunteers who kept the club alive through its lean seasons.",
        ],
        "A late strike handed the regional trophy to Northfield at a packed Greenway ground. Their opponents from Caster went in front before the break, yet a spot kick levelled matters and Northfield snatched it near full time, ending almost two decades without silverware.",
    ),
    (
        [
            "A freight train carrying grain derailed near the village of Holt Ridge early on Thursday, spilling its cargo across both tracks and a nearby field.",
            "The rail operator said eleven wagons left the line at low speed and the driver was unhurt. Passenger services between Holt Ridge and Amberley were suspended.",
            "Investigators are examining a section of track that had been repaired last month, and the operator said replacement buses would run until the weekend.",
        ],
        "Commuters between Amberley and Holt Ridge face bus journeys after a goods train came off the rails before dawn. About a dozen cars loaded with wheat tipped over, covering the line and an adjoining paddock. The crew escaped injury, and officials are looking at recently mended rails as a possible cause.",
    ),
    (
        [
            "Scientists at the Kerrin Institute have identified a new species of frog in the cloud forests of the Alta Verde range, the institute announced on Friday.",
            "The frog, barely two centimetres long, has a call that sounds like a dripping tap and was first recorded by a student on a night survey three years ago.",
            "The researchers say the species lives on a single mountain and have asked the regional government to extend the protected area to cover its habitat.",
        ],
        "A tiny amphibian previously unknown to science has been described by Kerrin researchers working in misty upland woods. Its song resembles water dripping, which is how a young surveyor first noticed it. Because it seems confined to one peak, the team wants officials to widen the reserve boundaries.",
    ),
    (
        [
            "Water supplies in the town of Brayford were cut for most of Sunday after a main burst under the high street, flooding cellars and closing three shops.",
            "The water company sent tankers to the market square and said engineers had replaced a ninety-year-old section of cast-iron pipe by late evening.",
            "Residents were told to run their taps for a few minutes before drinking, and the company said it would compensate businesses that had to close.",
        ],
        "Brayford went dry for much of the weekend when an ancient pipe ruptured beneath its main shopping street. Basements filled with water and several stores shut. The utility parked bowsers in the square, fitted new pipework by nightfall, and promised payments to traders who lost a day's takings.",
    ),
    (
        [
            "The national museum in Carrow will return a carved wooden mask to the island community it was taken from more than a century ago, its director said.",
            "The mask was collected by a colonial officer in 1898 and has been on display since 1921. Elders from the island asked for its return four years ago.",
            "A delegation will travel to Carrow next month for a handover ceremony, and the museum said it was reviewing the origins of forty other objects in its collection.",
        ],
        "After years of requests from island elders, Carrow's national museum has agreed to send back a ceremonial mask removed by an administrator in the colonial era. Community representatives will collect it at a ceremony soon, while curators study how dozens of further items came into the collection.",
    ),
    (
        [
            "Lorry drivers blocked the main road into the port of Danby on Wednesday in protest at new parking charges, causing queues that stretched for six kilometres.",
            "The drivers' association said the charges would cost its members up to forty euros a night and that the port had refused to meet them.",
            "Police cleared the road by early afternoon. The port authority said it would hold talks with the association on Friday but would not suspend the charges.",
        ],
        "Truckers angry about fees for overnight parking brought traffic to a standstill outside Danby harbour, with tailbacks running for kilometres. Their union says the costs are unaffordable. Officers reopened the route after several hours, and harbour managers agreed to negotiate later in the week without dropping the fees.",
    ),
    (
        [
            "A fire destroyed a furniture warehouse on the Eastgate industrial estate overnight, sending a plume of black smoke over the city that could be seen for miles.",
            "Sixty firefighters fought the blaze, which started shortly after two in the morning. Nobody was inside the building, and no other units were damaged.",
            "People living nearby were told to keep windows closed. The fire service said the cause was not yet known and that investigators would start work once the site was safe.",
        ],
        "Dozens of fire crews battled flames that gutted a sofa and bed depot on an Eastgate business park in the small hours. Dark smoke drifted across town, prompting advice to shut windows. The empty building was lost, but the fire did not spread, and its origin remains under investigation.",
    ),
    (
        [
            "The hospital in Wenlow will open a new children's ward in the spring after a fundraising campaign by local schools raised more than two hundred thousand pounds.",
            "Pupils ran sponsored walks, bake sales and a concert over two years. The ward will have twelve beds, a playroom and rooms where parents can stay overnight.",
            "The hospital's chief executive thanked the schools and said the ward would mean fewer families having to travel to the city for treatment.",
        ],
        "Schoolchildren in Wenlow have paid for a paediatric unit at their local hospital, collecting a six-figure sum through walks, cake stalls and a concert. Opening in a few months, it has a dozen beds, space for play and overnight rooms for parents, sparing many families long trips for care.",
    ),
    (
        [
            "Fishermen in the bay of Ostrava Point reported their best herring catch in a decade this week, which scientists attribute to colder water and a ban on trawling.",
            "Landings at the harbour reached four hundred tonnes in three days. Prices at the morning auction fell by a third as buyers struggled to keep up.",
            "The fishing cooperative said it would ask the ministry to keep the trawling ban in place for another five years to let stocks recover fully.",
        ],
        "Herring boats at Ostrava Point have enjoyed a record-breaking few days, hauling in hundreds of tonnes. Researchers credit chillier seas and the absence of trawlers. The glut pushed auction prices sharply down, and the local cooperative wants the government to extend the trawling prohibition.",
    ),
];

/// A reprint with light edits: an outlet line, one word changed per paragraph, a closing line.
fn reprint(paragraphs: &[&str; 3]) -> String {
    let edited: Vec<String> = paragraphs
        .iter()
        .map(|p| p.replacen(" the ", " this ", 1))
        .collect();
    format!(
        "From our correspondent.\n\n{}\n\nThis report first appeared in a partner newspaper.",
        edited.join("\n\n")
    )
}

/// Runs the copy-detection evaluation; prints it and returns whether the floors were met.
pub fn run() -> bool {
    // Texts, and for each the base it derives from (None for rewrites).
    let mut texts: Vec<String> = Vec::new();
    let mut family: Vec<Option<usize>> = Vec::new();
    for (i, (paragraphs, rewrite)) in ARTICLES.iter().enumerate() {
        for text in [
            paragraphs.join("\n\n"),
            reprint(paragraphs),
            paragraphs[..2].join("\n\n"),
            [paragraphs[2], paragraphs[0], paragraphs[1]].join("\n\n"),
        ] {
            texts.push(text);
            family.push(Some(i));
        }
        texts.push(rewrite.to_string());
        family.push(None);
    }
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let found: BTreeSet<(usize, usize)> = find_copies(&refs)
        .into_iter()
        .map(|p| (p.earlier, p.later))
        .collect();
    let mut gold = BTreeSet::new();
    for a in 0..texts.len() {
        for b in a + 1..texts.len() {
            if family[a].is_some() && family[a] == family[b] {
                gold.insert((a, b));
            }
        }
    }
    let correct = found.intersection(&gold).count() as f64;
    let precision = if found.is_empty() {
        1.0
    } else {
        correct / found.len() as f64
    };
    let recall = correct / gold.len() as f64;
    let ok = precision >= PRECISION_FLOOR && recall >= RECALL_FLOOR;
    println!(
        "Copy detection ({} written texts: {} bases, each with a reprint, a cut and a reordered version, and an independent rewrite):",
        texts.len(),
        ARTICLES.len()
    );
    println!(
        "  copy pairs: found {} gold {}  P {precision:.3} R {recall:.3}  (rewrites paired: {})",
        found.len(),
        gold.len(),
        found
            .iter()
            .filter(|&&(a, b)| family[a].is_none() || family[b].is_none())
            .count()
    );
    println!(
        "  floor: P >= {PRECISION_FLOOR}, R >= {RECALL_FLOOR}: {}",
        if ok { "met" } else { "NOT met" }
    );
    ok
}
