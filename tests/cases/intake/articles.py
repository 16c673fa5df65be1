"""The ten stories the intake fixtures are made of: each is published in two of the five layouts (make_pages.py).

Headings start with '## '. These are the expected labels: written before the extraction was tuned.
"""

STORIES = [
    {
        "slug": "army-ceiling", "date": "2025-12-02", "author": "Anna Petrenko",
        "title": "Envoys meet again on the ceiling for Ukraine's army",
        "paragraphs": [
            "Negotiators met for a second day on Tuesday to discuss how large Ukraine's armed forces may be after a settlement, officials on both sides said.",
            "The earlier draft set a ceiling of 600,000 troops; a higher number is now under discussion, according to two people familiar with the talks.",
            "## What the draft says",
            "The 28-point text would have fixed the number in peacetime and left the question of reserves to a later agreement between the defence ministries.",
            "Ukrainian officials have said that any number must be decided in Kyiv and not imposed from outside, and that reserves are not negotiable.",
            "Neither delegation would say when a final text could be ready, and the question of territory in the east remains open.",
        ],
    },
    {
        "slug": "donbas-lines", "date": "2025-11-28", "author": "Mark Ellison",
        "title": "Donbas line remains the hardest question, officials say",
        "paragraphs": [
            "The future of the parts of Donetsk region still held by Ukraine is the point on which the talks have moved least, three officials involved said on Friday.",
            "Moscow wants Ukrainian forces to withdraw from the towns they hold, while Kyiv has refused to give up land its army still defends.",
            "A proposal for a demilitarised zone along the present line of contact was discussed, but no map has been agreed, one official said.",
            "European governments said any change of borders by force would not be recognised, and that Ukraine alone could decide on its territory.",
        ],
    },
    {
        "slug": "nato-question", "date": "2025-11-25", "author": "Claire Dubois",
        "title": "Alliance membership off the table in draft, diplomats say",
        "paragraphs": [
            "A draft discussed by American and Ukrainian delegations would rule out Ukraine joining the North Atlantic alliance, two diplomats said on Tuesday.",
            "Kyiv has long said that membership is written into its constitution and that only its people can give up the aim.",
            "## Guarantees instead",
            "Instead, the draft speaks of security guarantees modelled on the alliance's mutual defence clause, without saying who would give them.",
            "Several European capitals asked for the wording to be changed so that the alliance's own decisions are not prejudged by a bilateral text.",
        ],
    },
    {
        "slug": "frozen-assets", "date": "2025-11-30", "author": "Jonas Weber",
        "title": "Frozen central bank assets split European capitals",
        "paragraphs": [
            "European finance ministers failed on Sunday to agree how Russian central bank assets frozen in the bloc should be used in a settlement.",
            "The draft plan would put part of the money into a reconstruction fund run jointly with the United States, a proposal several ministers rejected.",
            "Belgium, where most of the assets are held, asked for legal guarantees before any of the money is moved.",
            "Officials said the question would return at a summit later in December, where leaders hope to reach a common position.",
        ],
    },
    {
        "slug": "prisoner-exchange", "date": "2025-11-21", "author": "Olena Kovalenko",
        "title": "Prisoner exchange agreed as talks continue",
        "paragraphs": [
            "Ukraine and Russia exchanged several hundred prisoners of war on Friday, the largest such exchange in months, both governments said.",
            "The exchange was arranged with the help of mediators from the Gulf and was described by both sides as a sign that some channels still work.",
            "Families of soldiers still held gathered in Kyiv to ask that all prisoners be exchanged on the principle of all for all.",
            "The draft peace plan foresees a full exchange of prisoners and the return of civilians held by both sides within a hundred days.",
        ],
    },
    {
        "slug": "security-guarantees", "date": "2025-12-01", "author": "Peter Hall",
        "title": "Security guarantees to be set out in a separate document",
        "paragraphs": [
            "Security guarantees for Ukraine will be set out in a document separate from the main peace framework, a senior official said on Monday.",
            "The separate text would describe what partners would do if Ukraine were attacked again, and how quickly they would act.",
            "## Who would sign",
            "The official did not say which countries would sign the guarantees, but said European partners had been consulted throughout.",
            "Critics said that guarantees without troops on the ground would repeat the mistakes of the 1994 Budapest memorandum.",
        ],
    },
    {
        "slug": "elections-timeline", "date": "2025-11-27", "author": "Maria Santos",
        "title": "Draft calls for elections within a hundred days of a deal",
        "paragraphs": [
            "The draft peace plan calls for elections in Ukraine within a hundred days of its signature, according to a copy seen by reporters.",
            "Ukrainian law forbids elections while martial law is in force, and officials said the timetable would depend on when it is lifted.",
            "Election officials said that organising a vote for millions of displaced people and soldiers would take months of preparation.",
            "Opposition politicians in Kyiv welcomed the idea of a vote but said it must come only after a ceasefire that holds.",
        ],
    },
    {
        "slug": "nuclear-plant", "date": "2025-11-24", "author": "Daniel Brooks",
        "title": "Nuclear plant's future tied to a wider settlement",
        "paragraphs": [
            "The Zaporizhzhia nuclear power plant, held by Russian forces since 2022, would be restarted under international supervision under the draft plan.",
            "The plan would split the electricity it produces between Ukraine and Russia, an arrangement Kyiv has called unacceptable.",
            "Inspectors from the atomic energy agency said the plant's cooling water supply remained fragile after the destruction of a dam in 2023.",
            "Any restart would take months of repairs and checks, engineers familiar with the plant said.",
        ],
    },
    {
        "slug": "sanctions-relief", "date": "2025-11-26", "author": "Sofia Lindqvist",
        "title": "Sanctions relief would come in stages under draft plan",
        "paragraphs": [
            "Sanctions on Russia would be lifted in stages, and could be reimposed if the agreement is broken, according to the draft plan.",
            "European officials said sanctions decided by the European Union can only be lifted by its member states unanimously.",
            "## Energy first",
            "The first stage would ease restrictions on energy exports, a step some governments said would reward Moscow too early.",
            "The draft also foresees Russia's return to the group of leading industrial nations, a proposal several members rejected.",
        ],
    },
    {
        "slug": "grain-corridor", "date": "2025-11-29", "author": "Ahmed Karimi",
        "title": "Black Sea shipping to be protected under draft deal",
        "paragraphs": [
            "Commercial shipping in the Black Sea would be protected under the draft deal, allowing grain exports from Ukrainian ports to continue.",
            "Ukraine has exported grain through a corridor along its coast since 2023, despite attacks on its ports and on ships.",
            "Shipping insurers said premiums would fall only when attacks on ports stopped for a sustained period.",
            "Turkey offered to host a monitoring centre for the corridor, as it did under an earlier agreement brokered with the United Nations.",
        ],
    },
]

OUTLETS = ["The Example Times", "Daily Meridian", "Northern Ledger", "Capital Wire", "Evening Courier"]
