"""Demo content for The Riverside Ledger, a fictional newsroom in Alder Bay.

Pure data, read by the ``seed_demo`` management command. Every person, place,
organisation and event described here is fictional, and all text was written
for the Newsroom project.
"""

from __future__ import annotations

SECTIONS: list[dict] = [
    {"name": "News", "slug": "news", "order": 1},
    {"name": "Politics", "slug": "politics", "order": 2},
    {"name": "Environment", "slug": "environment", "order": 3},
    {"name": "Business", "slug": "business", "order": 4},
    {"name": "Culture", "slug": "culture", "order": 5},
    {"name": "Sport", "slug": "sport", "order": 6},
]

AUTHORS: list[dict] = [
    {
        "name": "Ines Calloway",
        "slug": "ines-calloway",
        "role": "Editor",
        "bio": (
            "Ines Calloway is the editor of The Riverside Ledger. She spent twelve years on "
            "regional papers before helping to found the Ledger, and still reads every reader "
            "email that arrives on a Monday morning."
        ),
    },
    {
        "name": "Dev Marchetti",
        "slug": "dev-marchetti",
        "role": "City hall reporter",
        "bio": (
            "Dev Marchetti covers Alder Bay City Council, from full council meetings to the "
            "committees most people never see. He grew up in Southbank and tries to explain "
            "every decision in plain language."
        ),
    },
    {
        "name": "Rosa Lindqvist",
        "slug": "rosa-lindqvist",
        "role": "Environment correspondent",
        "bio": (
            "Rosa Lindqvist reports on the River Alder, flooding, climate and green spaces. "
            "Before joining the Ledger she worked as a field ecologist, and she still carries "
            "a water testing kit in her bag."
        ),
    },
    {
        "name": "Tomasz Erdely",
        "slug": "tomasz-erdely",
        "role": "Business reporter",
        "bio": (
            "Tomasz Erdely writes about work, money and the businesses that keep Alder Bay "
            "running, from the harbour boatyards to the corner shops. He previously edited a "
            "trade newsletter for independent retailers."
        ),
    },
    {
        "name": "Callum Brightwater",
        "slug": "callum-brightwater",
        "role": "Sport reporter",
        "bio": (
            "Callum Brightwater covers sport in Alder Bay at every level, from Alder Bay "
            "Town’s cup runs to Sunday league mud. He played in goal for a Northside youth "
            "team, badly, for three seasons."
        ),
    },
    {
        "name": "Priya Halden",
        "slug": "priya-halden",
        "role": "Arts and culture writer",
        "bio": (
            "Priya Halden writes about theatre, music, books and the people who make culture "
            "happen in Alder Bay. She is particularly interested in libraries, small venues "
            "and the city’s working history."
        ),
    },
    {
        "name": "Owen Fairbairn",
        "slug": "owen-fairbairn",
        "role": "Community reporter",
        "bio": (
            "Owen Fairbairn reports on neighbourhoods, housing and the community groups that "
            "hold Alder Bay together. He runs the Ledger’s monthly open newsroom sessions at "
            "the Eastside library."
        ),
    },
    {
        "name": "Noor Castellan",
        "slug": "noor-castellan",
        "role": "Transport and data reporter",
        "bio": (
            "Noor Castellan covers buses, bridges, ferries and roads, and leads the Ledger’s "
            "data work. She turns council spreadsheets into stories and publishes the "
            "underlying figures wherever she can."
        ),
    },
    {
        "name": "Bea Thornbury",
        "slug": "bea-thornbury",
        "role": "Education and health reporter",
        "bio": (
            "Bea Thornbury covers schools, childcare and health services in Alder Bay. A "
            "former teaching assistant, she is most interested in how decisions made in "
            "meeting rooms land in classrooms and clinics."
        ),
    },
]

TAGS: list[dict] = [
    {"name": "Housing", "slug": "housing"},
    {"name": "City council", "slug": "city-council"},
    {"name": "River Alder", "slug": "river-alder"},
    {"name": "Schools", "slug": "schools"},
    {"name": "Transport", "slug": "transport"},
    {"name": "Budget", "slug": "budget"},
    {"name": "Elections", "slug": "elections"},
    {"name": "Climate", "slug": "climate"},
    {"name": "Small business", "slug": "small-business"},
    {"name": "Arts", "slug": "arts"},
    {"name": "Football", "slug": "football"},
    {"name": "Libraries", "slug": "libraries"},
    {"name": "Public health", "slug": "public-health"},
    {"name": "Parks", "slug": "parks"},
    {"name": "Flooding", "slug": "flooding"},
    {"name": "Jobs", "slug": "jobs"},
    {"name": "Harbour", "slug": "harbour"},
    {"name": "Heritage", "slug": "heritage"},
    {"name": "Music", "slug": "music"},
    {"name": "Cycling", "slug": "cycling"},
    {"name": "Young people", "slug": "young-people"},
    {"name": "Food", "slug": "food"},
    {"name": "Planning", "slug": "planning"},
    {"name": "Community groups", "slug": "community-groups"},
]

ARTICLES: list[dict] = [
    # ------------------------------------------------------------------ News
    {
        "section": "news",
        "headline": "Eastside library to open on Sundays after volunteers offer to help",
        "standfirst": (
            "A trial run with the Friends of Eastside Library will keep the branch open from "
            "11am to 3pm every Sunday until the end of the summer."
        ),
        "authors": ["owen-fairbairn"],
        "tags": ["libraries", "community-groups", "budget"],
        "body": [
            "Eastside library will open on Sunday afternoons for the first time in almost a "
            "decade, after a group of volunteers offered to staff the front desk alongside a "
            "paid duty librarian. The trial begins next weekend and will run until the end of "
            "August, when the council will decide whether to make the arrangement permanent or "
            "return to a six-day week.",
            "The branch on Corwen Street lost its Sunday opening in a round of budget cuts nine "
            "years ago. Since then, the Friends of Eastside Library, a group of around forty "
            "regular users, has raised money for new shelving, a children’s reading corner and "
            "a laptop loan scheme. Its members say weekend opening has been the most common "
            "request in their annual survey.",
            "Under the plan, volunteers will help people find books, book computer sessions and "
            "run a weekly story time. They will not handle personal data or replace the work of "
            "trained staff, a condition set by the council’s libraries team and agreed after "
            "talks with the staff union, which had raised concerns about paid jobs being "
            "gradually replaced.",
            "Library users the Ledger spoke to on Saturday were broadly pleased. One father of "
            "two said Sunday was the only day his family had time to visit together. A retired "
            "teacher who volunteers on Tuesdays said she hoped the trial would show the council "
            "that demand was there, and that it would eventually pay for the extra hours itself.",
        ],
        "caption": "Volunteers sort donated books at the Eastside library branch on Corwen Street.",
        "credit": "Jonah Pell / The Riverside Ledger",
        "alt": (
            "Three volunteers stack paperback books onto a trolley between tall wooden shelves in "
            "a bright library."
        ),
        "kind": "published",
        "correction": "",
    },
    {
        "section": "news",
        "headline": "Fenwick estate tenants report damp in a third of homes, survey finds",
        "standfirst": (
            "A door-to-door survey by the estate’s tenants’ association found mould or damp in "
            "112 of 340 flats. The council says a repair programme is already under way."
        ),
        "authors": ["owen-fairbairn", "bea-thornbury"],
        "tags": ["housing", "public-health", "city-council"],
        "body": [
            "One in three households on the Fenwick estate say they are living with damp or "
            "mould, according to a survey carried out over six weeks by the Fenwick Tenants’ "
            "Association. Volunteers knocked on every door across the estate’s four blocks and "
            "spoke to residents in 340 flats, asking about condensation, mould, broken "
            "extractor fans and the time taken to fix reported faults.",
            "Of those flats, 112 had visible mould in at least one room. Families with young "
            "children were more likely to report problems, largely because they tend to live in "
            "the larger ground-floor flats, where the walls are coldest. Several residents said "
            "they had reported the same issue more than three times without a visit from a "
            "surveyor.",
            "## What the council says",
            "Alder Bay City Council, which owns the estate, said it had already begun a £1.8m "
            "programme to replace windows and install continuous ventilation in the "
            "worst-affected blocks. A spokesperson said every reported case of mould was now "
            "logged and inspected within ten working days, and that tenants should contact the "
            "housing repairs line if they had not yet had a visit.",
            "Health visitors who work in the area said they regularly see children with coughs "
            "and chest infections that parents link to conditions at home. A local GP, speaking "
            "generally rather than about individual patients, said damp housing was one of "
            "several factors that could make asthma harder to manage, particularly in winter.",
            "The tenants’ association plans to repeat the survey in a year to see whether the "
            "repairs have made a difference. Its chair said the aim was not to embarrass anyone "
            "but to give the council an accurate picture. The full results, with flat numbers "
            "removed, have been shared with councillors and are available from the association.",
        ],
        "caption": "Mould on a bedroom wall in a ground-floor flat on the Fenwick estate.",
        "credit": "Amira Soto / The Riverside Ledger",
        "alt": (
            "Dark patches of mould spread across the corner of a bedroom ceiling above a child’s "
            "bed and a window."
        ),
        "kind": "published",
        "correction": "",
    },
    {
        "section": "news",
        "headline": "Harbour ferry to run later on weekday evenings from next month",
        "standfirst": (
            "The last crossing from the Quayside to Southbank will leave at 11.15pm instead of "
            "8.30pm, after a campaign by shift workers and hospitality staff."
        ),
        "authors": ["noor-castellan"],
        "tags": ["transport", "harbour", "jobs"],
        "body": [
            "The harbour ferry between the Quayside and Southbank will run until after 11pm on "
            "weekdays from the start of next month, almost three hours later than it does now. "
            "The change follows a year-long campaign by hospitality workers, hospital cleaners "
            "and other shift workers who say the early last crossing forces them into long walks "
            "or expensive taxis.",
            "At present the final weekday ferry leaves the Quayside at 8.30pm. Under the new "
            "timetable, boats will run every thirty minutes until 11.15pm, with the last return "
            "from Southbank at 11.30pm. Weekend services, which already run later, are "
            "unchanged. Fares will stay the same, including the reduced fare for holders of the "
            "city’s travel card.",
            "## Who pushed for the change",
            "The campaign began with a petition started by a group of kitchen staff who work in "
            "restaurants along the Quayside. It gathered more than 2,600 signatures and was "
            "presented to the council’s transport committee last spring. Councillors asked the "
            "ferry operator to trial later sailings on Thursdays and Fridays, and passenger "
            "numbers during the trial were higher than forecast.",
            "The extra sailings will cost around £140,000 a year, shared between the council "
            "and the operator. Some councillors questioned whether that was the best use of "
            "limited transport money when several bus routes are under review. Supporters argued "
            "that the ferry is the only direct link between two neighbourhoods separated by a "
            "long detour over Weir Lane bridge.",
            "Passengers can find the new timetable at both landing stages and on the council’s "
            "website. The operator has said it will publish monthly passenger figures for the "
            "first six months, so that the effect of the later service can be tracked openly by "
            "anyone who is interested.",
        ],
        "caption": "The harbour ferry leaves the Quayside landing stage on a weekday evening.",
        "credit": "Fergus Lyle / Estuary Pictures",
        "alt": (
            "A small white passenger ferry with lit windows crosses dark water towards a row of "
            "riverside buildings."
        ),
        "kind": "published",
        "correction": (
            "An earlier version of this article said the last weekday ferry would leave the "
            "Quayside at 11.45pm; the correct time is 11.15pm."
        ),
    },
    {
        "section": "news",
        "headline": "New crossing promised outside Marlpit Lane primary after near misses",
        "standfirst": (
            "Parents recorded more than twenty near misses in a single term outside the school "
            "gates. The council has now agreed to install a zebra crossing before September."
        ),
        "authors": ["bea-thornbury"],
        "tags": ["schools", "transport", "young-people"],
        "body": [
            "A zebra crossing will be installed outside Marlpit Lane primary school before the "
            "start of the new school year, after parents gathered evidence of more than twenty "
            "near misses involving children during a single term. The road, which links the "
            "Northside ring road to the retail park, carries heavy traffic at the times pupils "
            "arrive and leave.",
            "The parents’ group began keeping a shared log last autumn, noting the date, time and "
            "a short description of each incident. Most involved drivers failing to stop for "
            "children waiting to cross at a narrow traffic island. Two involved cyclists, and one "
            "involved a delivery van mounting the pavement to pass a parked car. No child was "
            "injured.",
            "> ‘We didn’t want to frighten anyone, we just wanted to be taken seriously,’ said "
            "one of the parents who kept the log. ‘When you write it down every day, it stops "
            "being a feeling and becomes a pattern. The council officers were good once they saw "
            "the numbers, and we are grateful it has been agreed so quickly.’",
            "The council’s highways team said the crossing would cost around £60,000 and would "
            "be paid for from its road safety budget. Officers will also consider a 20mph limit "
            "on the stretch closest to the school, which would require a separate consultation. "
            "The headteacher said the school would keep reminding families about safe routes in "
            "the meantime.",
        ],
        "caption": "Parents and children cross Marlpit Lane at the start of the school day.",
        "credit": "Hana Brookes / The Riverside Ledger",
        "alt": (
            "A parent holds a child’s hand at a narrow traffic island as cars pass on a busy road "
            "outside a school."
        ),
        "kind": "published",
        "correction": "",
    },
    {
        "section": "news",
        "headline": "Alder Bay food bank has its busiest winter since it opened nine years ago",
        "standfirst": (
            "The Ashcombe Road food bank handed out more than 4,100 parcels between November and "
            "February, with more working families asking for help than ever before."
        ),
        "authors": ["owen-fairbairn"],
        "tags": ["food", "community-groups", "public-health"],
        "body": [
            "Alder Bay’s largest food bank has had its busiest winter since it opened, handing "
            "out 4,132 emergency food parcels between the start of November and the end of "
            "February. That is around a fifth more than the same period last year. The food "
            "bank, which runs from a church hall on Ashcombe Road, is staffed almost entirely by "
            "volunteers.",
            "Its coordinator said the biggest change was in who was asking for help. Around four "
            "in ten people referred this winter were in work, often on part-time or zero-hours "
            "contracts, compared with roughly a quarter two years ago. Many were referred by "
            "schools, GP surgeries or the council’s own advice service after falling behind on "
            "energy bills.",
            "> ‘People apologise when they come through the door, and we always tell them there "
            "is nothing to apologise for,’ the coordinator said. ‘We are grateful for every tin "
            "and every hour people give us, but nobody here wants a food bank to be a permanent "
            "part of the city. We would much rather be closing than expanding.’",
            "The food bank is asking for donations of tinned fish, long-life milk, toiletries and "
            "nappies, which are currently in short supply. It also needs volunteer drivers for "
            "Tuesday and Friday deliveries. Anyone who needs support can ask for a referral "
            "through their GP, school or the council’s advice line, and referrals can also be "
            "made online.",
        ],
        "caption": "Volunteers pack emergency food parcels at the Ashcombe Road food bank.",
        "credit": "Jonah Pell / The Riverside Ledger",
        "alt": (
            "Volunteers in aprons fill cardboard boxes with tins, pasta and cereal from long "
            "tables in a church hall."
        ),
        "kind": "published",
        "correction": "",
    },
    {
        "section": "news",
        "headline": "Weir Lane bridge to close for six weeks of repairs to its ageing ironwork",
        "standfirst": (
            "The 140-year-old bridge will shut to traffic from 3 June. Pedestrians and cyclists "
            "will still be able to cross on a temporary walkway for most of the works."
        ),
        "authors": ["noor-castellan"],
        "tags": ["transport", "river-alder", "heritage"],
        "body": [
            "Weir Lane bridge, one of three road crossings over the River Alder in the city "
            "centre, will close to vehicles for six weeks from 3 June while engineers repair "
            "corroded ironwork beneath the deck. The council says the work cannot wait until next "
            "year, after an inspection found that some supporting brackets had lost more than a "
            "third of their original thickness.",
            "The bridge was built in the 1880s and is a listed structure, which means repairs "
            "must use matching materials and be approved by heritage officers. Engineers will "
            "replace damaged sections, clean and repaint the ironwork and renew the waterproofing "
            "under the road surface. The council estimates the total cost at £2.3m, most of it "
            "from a national bridge maintenance fund.",
            "## Getting around during the closure",
            "Buses on routes 4 and 11 will be diverted over Tanners Bridge, adding between five "
            "and ten minutes to journeys at busy times. A temporary walkway will keep the bridge "
            "open to pedestrians and cyclists except for two weekends in June, when it will be "
            "fully closed while heavy lifting takes place. Those dates will be confirmed a "
            "fortnight in advance.",
            "Traders on Weir Lane have asked for extra signs telling visitors that shops remain "
            "open. The council said it would put up signs at both ends of the bridge and on the "
            "main approach roads. Anyone with questions about access for disabled residents or "
            "deliveries can contact the highways team, which has set up a dedicated phone line.",
        ],
        "caption": "Corroded ironwork beneath the deck of Weir Lane bridge.",
        "credit": "Luca Wren / Northlight Photo Agency",
        "alt": (
            "Rusted iron brackets and rivets on the underside of an old road bridge, with the "
            "river visible below."
        ),
        "kind": "published",
        "correction": "",
    },
    {
        "section": "news",
        "headline": "Walk-in health clinic on Tanners Row to extend its evening opening hours",
        "standfirst": (
            "From next month the clinic will stay open until 9pm on weekdays, in a move health "
            "managers hope will ease pressure on the hospital’s emergency department."
        ),
        "authors": ["bea-thornbury"],
        "tags": ["public-health", "jobs"],
        "body": [
            "The walk-in health clinic on Tanners Row will stay open until 9pm on weekdays from "
            "next month, two hours later than at present. The clinic treats minor injuries and "
            "illnesses, such as sprains, cuts, ear infections and rashes, without an appointment. "
            "It is run by the local health trust with support from the council, which owns the "
            "building.",
            "Health managers say that around a third of people who attend the hospital’s "
            "emergency department in the evenings could be treated safely at a walk-in clinic. "
            "They hope later opening will mean fewer long waits at the hospital and a better "
            "experience for patients whose problems are urgent but not serious enough to need a "
            "hospital bed.",
            "The trust has recruited four additional nurse practitioners and two receptionists to "
            "cover the longer hours. It said recruitment had been easier than expected, partly "
            "because the evening shifts suited staff with childcare commitments during the day. "
            "The clinic will also trial a text message system that tells patients roughly how "
            "long they are likely to wait.",
            "Patient groups welcomed the change but said it needed to be well publicised, "
            "particularly among people who have moved to the city recently and may not know the "
            "clinic exists. The trust said it would send leaflets to every household in the "
            "surrounding wards and share information through schools, GP surgeries and community "
            "centres.",
        ],
        "caption": "The reception area of the walk-in health clinic on Tanners Row.",
        "credit": "Sunita Vale / The Riverside Ledger",
        "alt": (
            "A nurse talks to a patient at a reception desk in a brightly lit waiting room with "
            "rows of blue chairs."
        ),
        "kind": "published",
        "correction": "",
    },
    {
        "section": "news",
        "headline": "Heronsgate tenants face another winter waiting for replacement lifts",
        "standfirst": (
            "Both lifts in the twelve-storey Heronsgate House have broken down repeatedly since "
            "the spring. Replacements have been ordered but will not be fitted until February."
        ),
        "authors": ["ines-calloway"],
        "tags": ["housing", "city-council", "public-health"],
        "body": [
            "Residents of Heronsgate House, a twelve-storey block of council flats near the "
            "railway station, have been told they will have to wait until February for two new "
            "lifts to be installed. Both existing lifts have broken down repeatedly since April, "
            "on one occasion leaving the building without a working lift for nine days.",
            "For many of the block’s 180 households, a broken lift is more than an inconvenience. "
            "Residents include older people, wheelchair users and parents with pushchairs, some "
            "living on the top floors. During the longest breakdown, volunteers from a nearby "
            "community centre and a local running club carried shopping and medication up the "
            "stairs for those who could not manage them.",
            "## Why it is taking so long",
            "The council said the lifts were more than thirty years old and that spare parts had "
            "become difficult to source. It ordered replacements in the summer, but the "
            "manufacturer has a long waiting list and installation will take around six weeks per "
            "lift. In the meantime, an engineer will be based at the block on weekdays to carry "
            "out repairs quickly.",
            "Residents said they were relieved that an end date had been given but frustrated at "
            "how long it had taken to reach this point. The tenants’ representative for the block "
            "said people had been asking about the lifts for more than three years, and that the "
            "repeated breakdowns had knocked residents’ confidence in the housing service.",
            "The council has offered to move residents with mobility needs to ground-floor flats "
            "temporarily during the installation work, and said it would contact every household "
            "individually. Councillors on the housing committee have asked for a report on the "
            "condition of lifts in the city’s other tall blocks, which is due in the new year.",
        ],
        "caption": "Heronsgate House, where both lifts have repeatedly broken down since April.",
        "credit": "Amira Soto / The Riverside Ledger",
        "alt": (
            "A twelve-storey block of flats seen from the street, with a handwritten notice taped "
            "to the lift doors."
        ),
        "kind": "published",
        "correction": "",
    },
    {
        "section": "news",
        "headline": "Change of school meals supplier leaves parents with questions about menus",
        "standfirst": (
            "Fourteen primary schools switched caterer in January. Parents say portions look "
            "smaller; the council says the new contract meets every nutritional standard."
        ),
        "authors": ["bea-thornbury"],
        "tags": ["schools", "food", "budget"],
        "body": [
            "Parents at several Alder Bay primary schools have raised concerns about school meals "
            "since a new catering contract began in January. The council awarded the three-year "
            "contract for fourteen schools to a new supplier after a tender process last autumn, "
            "saying it would save around £300,000 over the life of the contract without affecting "
            "quality.",
            "In a parents’ group with several hundred members, families have shared photographs "
            "of lunches they say look smaller and less varied than before. Some say their "
            "children are coming home hungry. Others say they have noticed little change, and a "
            "few have praised the new vegetarian options and the return of a weekly roast dinner.",
            "The council said every menu had been checked by a dietitian and met national school "
            "food standards. Portion sizes are set according to age, it added, and photographs "
            "taken at different points in a lunch service could be misleading. Officers have "
            "offered to meet parents and have invited a small group to visit a school kitchen "
            "during lunch.",
            "Headteachers the Ledger spoke to said they were monitoring the situation closely. "
            "One said the number of children taking school meals had fallen slightly since "
            "January and she wanted to understand why. The council has agreed to survey parents "
            "at all fourteen schools before Easter and to publish the results, along with any "
            "changes to the menus.",
        ],
        "caption": (
            "Lunch is served at one of the fourteen primary schools covered by the new contract."
        ),
        "credit": "Hana Brookes / The Riverside Ledger",
        "alt": (
            "Children in school uniform queue with trays at a serving hatch in a primary school "
            "dining hall."
        ),
        "kind": "published",
        "correction": "",
    },
    {
        "section": "news",
        "headline": "Volunteer litter pickers clear two tonnes of rubbish from the Quayside",
        "standfirst": (
            "More than 150 people joined a Saturday clean-up along the river, pulling shopping "
            "trolleys, traffic cones and a surprising number of umbrellas from the water’s edge."
        ),
        "authors": ["owen-fairbairn"],
        "tags": ["river-alder", "community-groups", "parks"],
        "body": [
            "More than 150 volunteers spent Saturday morning clearing litter from the banks of "
            "the River Alder along the Quayside, collecting around two tonnes of rubbish in four "
            "hours. The clean-up was organised by the Friends of the Alder, a residents’ group "
            "formed three years ago, and was the largest it has held so far.",
            "Volunteers worked in teams along a mile-long stretch between Tanners Bridge and the "
            "old customs house. Alongside the expected bottles and food packaging, they recovered "
            "four shopping trolleys, a bicycle frame, a set of traffic cones and more than thirty "
            "umbrellas. Items that could be recycled were sorted on site with help from the "
            "council’s waste team.",
            "Several local businesses supported the event, providing gloves, litter pickers and "
            "hot drinks. A group of pupils from Southbank secondary school took part as part of a "
            "volunteering award, and members of a local kayaking club checked the water’s edge "
            "for items that could not be reached safely from the bank.",
            "The group’s organiser said the aim was not only to clean the river but to encourage "
            "more people to notice it. The next clean-up is planned for the autumn, and the group "
            "is asking the council to install more bins along the Quayside, particularly near the "
            "benches where people gather on summer evenings.",
        ],
        "caption": "Volunteers haul a shopping trolley from the river’s edge near Tanners Bridge.",
        "credit": "Jonah Pell / The Riverside Ledger",
        "alt": (
            "Two volunteers in high-visibility vests pull a muddy shopping trolley up a riverbank "
            "beside a stone bridge."
        ),
        "kind": "published",
        "correction": "",
    },
    {
        "section": "news",
        "headline": "Postbox collections in Southbank move to mornings after a staff shortage",
        "standfirst": (
            "Eleven postboxes will be emptied at 9am instead of 5.30pm for at least three months, "
            "and residents are asked to check the new times before posting."
        ),
        "authors": ["noor-castellan"],
        "tags": ["jobs", "community-groups"],
        "body": [
            "Eleven postboxes across Southbank will be emptied in the morning rather than the "
            "late afternoon from Monday, after the Royal Mail delivery office on Dock Street said "
            "it could not cover its evening rounds. The change will last for at least three "
            "months while the office recruits six drivers.",
            "Letters posted after 9am will now leave a day later than before. New plates showing "
            "the collection times have been fixed to each box, and the delivery office has put a "
            "list in the window of the Southbank post office counter on Mill Road.",
            "Small traders who post parcels at the end of the working day say the change will "
            "slow their orders down. The owner of a stationery shop on Mill Road said she would "
            "now drive her parcels to the main sorting office on the ring road each evening.",
            "The delivery office said the morning collections were a temporary measure and that "
            "its recruitment day last week had drawn more applicants than expected. Residents "
            "can report a missed collection through the Royal Mail website or at the counter.",
        ],
        "caption": "A postbox on Mill Road, one of eleven with new collection times.",
        "credit": "Jonah Pell / The Riverside Ledger",
        "alt": "A red pillar postbox on a street corner, with a row of shops behind it.",
        "kind": "published",
        "correction": "",
    },
    {
        "section": "news",
        "headline": "Bus lost property sale: a tuba, a wedding dress and 300 umbrellas",
        "standfirst": (
            "The bus operator’s first open day for unclaimed items drew a queue around the "
            "station, and raised £1,800 for the hospital’s children’s ward."
        ),
        "authors": ["bea-thornbury"],
        "tags": ["transport", "community-groups"],
        "body": [
            "A tuba, a wedding dress still in its bag and more than 300 umbrellas were among the "
            "things left on Alder Bay’s buses last year and never collected, the operator said on "
            "Saturday as it opened its lost property store to the public for the first time.",
            "Items are kept for three months before they are given away or sold. Staff said "
            "phones and keys were usually claimed within days, but that coats, books and "
            "children’s toys tended to stay on the shelves. The wedding dress was handed in on a "
            "Sunday morning in June and nobody has asked for it since.",
            "Visitors paid a pound to browse and a few pounds for each thing they took home. By "
            "the end of the afternoon the operator had raised £1,800 for the children’s ward at "
            "Alder Bay hospital. The tuba went to a member of the youth orchestra.",
            "Anyone who has lost something on a bus can ask at the station’s information desk, "
            "open every day from 7am to 7pm, or fill in a form on the operator’s website. Staff "
            "ask for a description and the route and time of the journey.",
        ],
        "caption": "Shelves of unclaimed umbrellas, coats and bags in the bus station’s store.",
        "credit": "Amira Soto / The Riverside Ledger",
        "alt": (
            "Metal shelves stacked with folded umbrellas, coats and bags, each with a paper tag."
        ),
        "kind": "published",
        "correction": "",
    },
    {
        "section": "news",
        "headline": "Ashcombe residents win a second pedestrian crossing on the ring road",
        "standfirst": (
            "After a petition signed by 1,400 people, the council will add a signalled crossing "
            "near the Ashcombe shops, where pedestrians now wait for gaps in four lanes of traffic."
        ),
        "authors": ["dev-marchetti"],
        "tags": ["transport", "city-council", "planning"],
        "body": [
            "A signalled pedestrian crossing will be built on the ring road beside the Ashcombe "
            "shops next spring, the council’s highways committee agreed on Tuesday, after a "
            "petition from residents who say crossing the four-lane road is the most frightening "
            "part of their day.",
            "The nearest crossing is 600 metres away, by the retail park. Residents who do not "
            "want the detour cross at the shops, where a central island gives them somewhere to "
            "wait halfway. The council’s own counts found more than 900 people crossing there on "
            "an ordinary weekday.",
            "The petition was started by a group of parents whose children cross the road to "
            "reach Ashcombe primary. It gathered 1,400 signatures in five weeks. Councillors of "
            "every party on the committee spoke in favour of the crossing, which will cost about "
            "£160,000 and be paid for from the road safety budget.",
            "Work is expected to take three weeks, with one lane closed in each direction "
            "overnight. The council said it would also lower the speed limit on that stretch "
            "from 40mph to 30mph, which residents had asked for in the same petition.",
        ],
        "caption": "The ring road beside the Ashcombe shops, where the crossing will be built.",
        "credit": "Luca Wren / Northlight Photo Agency",
        "alt": (
            "A woman and a child wait on a narrow central island between lanes of traffic on a "
            "wide road."
        ),
        "kind": "published",
        "correction": "",
    },
    {
        "section": "news",
        "headline": "Riverside Road allotments reopen their waiting list after six years",
        "standfirst": (
            "Twelve plots have come free after the allotment society split some of its largest "
            "plots in two. Applications close at the end of the month."
        ),
        "authors": ["rosa-lindqvist"],
        "tags": ["food", "parks", "community-groups"],
        "body": [
            "The Riverside Road allotments are taking names for their waiting list for the first "
            "time since it was closed six years ago, when it reached more than 200 people. The "
            "allotment society has divided eight of its largest plots, making room for twelve "
            "new tenants this season.",
            "Half-plots, about 125 square metres each, cost £28 a year, with a "
            "discount for people over 65 and those on benefits. Each comes with a water butt and "
            "the use of the society’s shed, tools and wheelbarrows.",
            "The society’s secretary said smaller plots suited most people better. New tenants "
            "often gave up within a year, she said, because a full plot needed more hours than "
            "they had. Several long-standing members had also asked to take on less ground as "
            "they got older.",
            "Applications can be made on a form at the allotment gate or at Eastside library until "
            "the end of the month. Plots will be offered in order of application, and the society "
            "will hold an open morning for new tenants on the first Saturday of next month.",
        ],
        "caption": "Raised beds and bean poles at the Riverside Road allotments.",
        "credit": "Jonah Pell / The Riverside Ledger",
        "alt": (
            "Rows of raised vegetable beds with bean poles and a green shed under a clear sky."
        ),
        "kind": "published",
        "correction": "",
    },
    {
        "section": "news",
        "headline": "Night bus trial linking Northside and the city centre to begin in May",
        "standfirst": (
            "A six-month trial will run hourly buses between midnight and 5am on Fridays and "
            "Saturdays, aimed at hospitality staff and people travelling home late."
        ),
        "authors": ["noor-castellan"],
        "tags": ["transport", "jobs", "young-people"],
        "body": [
            "A night bus between Northside and the city centre will run on Friday and Saturday "
            "nights from May as part of a six-month trial. Buses will leave the central bus "
            "station every hour between midnight and 5am, stopping at the hospital, the Northside "
            "shops and the Ashcombe estate before returning along the same route.",
            "The trial is being funded by the council and two local employers, the hospital trust "
            "and a large distribution warehouse on the edge of Northside, whose staff often "
            "finish shifts in the early hours. The council’s transport team says it will cost "
            "around £90,000 for the six months, including the cost of a second driver at "
            "weekends.",
            "Officers will count passengers on every journey and survey riders about why they are "
            "travelling. The council has said that the trial will need to carry an average of at "
            "least fifteen passengers per journey to be considered for permanent funding. "
            "Late-night bus services in other cities have taken several months to build up "
            "regular passengers.",
            "Youth workers and student representatives have welcomed the trial, saying young "
            "people often walk home late at night because taxis are too expensive. Some Northside "
            "residents have asked for reassurance that buses will not idle outside homes at the "
            "end of the route. The operator said drivers would switch off engines during any "
            "scheduled waits.",
        ],
        "caption": "The central bus station, where the night bus trial will begin and end.",
        "credit": "Luca Wren / Northlight Photo Agency",
        "alt": "A single-deck bus waits at an empty, brightly lit bus station stand late at night.",
        "kind": "scheduled",
        "correction": "",
    },
    # -------------------------------------------------------------- Politics
    {
        "section": "politics",
        "headline": "Council warns of a £4.2m budget gap and asks residents where to save",
        "standfirst": (
            "A six-week consultation opens on Monday. Options include shorter library hours, "
            "higher parking charges and fewer grass cuts, but no decisions have yet been made."
        ),
        "authors": ["dev-marchetti"],
        "tags": ["budget", "city-council", "libraries"],
        "body": [
            "Alder Bay City Council says it faces a shortfall of £4.2m in next year’s budget and "
            "is asking residents to help decide where savings should be made. A six-week "
            "consultation opens on Monday, with an online survey, printed copies in libraries and "
            "five public meetings in different parts of the city during the evenings.",
            "Finance officers say the gap is the result of rising costs for adult social care, "
            "children’s services and temporary accommodation, which together make up well over "
            "half of the council’s spending. Income from the council’s commercial properties has "
            "also fallen since two large tenants left the Docklands business park last year.",
            "## What is on the table",
            "The consultation lists possible savings rather than firm proposals. They include "
            "reducing opening hours at three smaller libraries, raising parking charges in the "
            "city centre, cutting the number of grass cuts in parks, and charging for some garden "
            "waste collections. Residents are also asked whether they would support a council tax "
            "rise above the usual limit.",
            "The council’s cabinet member for finance said nobody wanted to make these choices, "
            "but that the council had a legal duty to set a balanced budget. Opposition "
            "councillors said some of the options had been presented without enough detail about "
            "their likely effect on older and disabled residents, and called for a full equality "
            "assessment before any decision.",
            "The consultation closes at the end of next month. A draft budget will be published "
            "in January and debated at full council in February. The Ledger will publish a guide "
            "to the options, with the figures behind each one, later this week, and will report "
            "from each of the public meetings.",
        ],
        "caption": "Residents look through budget papers at a council drop-in session.",
        "credit": "Marek Dunmore / The Riverside Ledger",
        "alt": (
            "Residents sit around a table covered with printed charts and leaflets in a council "
            "meeting room."
        ),
        "kind": "published",
        "correction": "",
    },
    {
        "section": "politics",
        "headline": "By-election called in Southbank ward after councillor steps down",
        "standfirst": (
            "Councillor Ruth Gadsby is leaving after eleven years, citing family reasons. Voters "
            "in Southbank will choose her replacement on 14 March."
        ),
        "authors": ["dev-marchetti"],
        "tags": ["elections", "city-council"],
        "body": [
            "A by-election will be held in Southbank ward on 14 March after Councillor Ruth "
            "Gadsby announced she was stepping down after eleven years on Alder Bay City Council. "
            "In a short statement, she said she wanted to spend more time caring for a family "
            "member and thanked residents for their support over three terms.",
            "Councillor Gadsby chaired the council’s licensing committee for four years and was "
            "known for her work on the regeneration of the Southbank shopping parade. Colleagues "
            "from across the chamber paid tribute to her at the last full council meeting, "
            "describing her as a patient, well-prepared councillor who always read the papers "
            "and asked difficult questions politely.",
            "Candidates have until mid-February to submit nomination papers. Anyone on the "
            "electoral register in Southbank ward can vote, and residents who are not yet "
            "registered have until twelve working days before polling day to apply. Postal vote "
            "applications close a day earlier. Details are available from the council’s "
            "elections office and on its website.",
            "The result will not change overall control of the council, but it will be closely "
            "watched as an early test of opinion ahead of the full city elections next year. The "
            "Ledger will publish profiles of every candidate once nominations close, along with "
            "their answers to questions submitted by Southbank readers.",
        ],
        "caption": "The Southbank shopping parade, at the heart of the ward.",
        "credit": "Amira Soto / The Riverside Ledger",
        "alt": (
            "A short row of shops with a bakery, a pharmacy and a launderette on a quiet street "
            "under a grey sky."
        ),
        "kind": "published",
        "correction": "",
    },
    {
        "section": "politics",
        "headline": "Councillors back plan for 300 homes on the former bus depot site",
        "standfirst": (
            "The planning committee approved the scheme by seven votes to three. Around 120 of "
            "the homes will be for social rent, more than the council usually requires."
        ),
        "authors": ["dev-marchetti", "ines-calloway"],
        "tags": ["housing", "planning", "city-council"],
        "body": [
            "Plans to build 300 homes on the site of the former bus depot on Station Road were "
            "approved by Alder Bay’s planning committee on Tuesday evening, by seven votes to "
            "three. The site has been empty for more than six years, since the bus operator moved "
            "to a new garage on the edge of the city.",
            "The scheme, put forward by a housing association working with the council, includes "
            "120 homes for social rent, 60 for shared ownership and 120 for sale. That means 60 "
            "per cent of the homes will be affordable, well above the 30 per cent normally "
            "required by the council’s planning policy. The development will also include a small "
            "park and a children’s nursery.",
            "Residents who spoke against the plan raised concerns about the height of two "
            "eight-storey blocks, parking on neighbouring streets and pressure on local GP "
            "surgeries. The developer agreed to contribute £450,000 towards health and school "
            "places and to limit parking permits for new residents, but several objectors said "
            "the buildings would still overshadow existing terraces.",
            "Supporters, including a number of people currently on the council’s housing waiting "
            "list, told the committee that the city badly needed homes that local people could "
            "afford. There are more than 5,000 households on the list, and average private rents "
            "in Alder Bay have risen by around a fifth in three years. Construction is expected "
            "to begin next year.",
        ],
        "caption": "The former bus depot on Station Road, empty for more than six years.",
        "credit": "Fergus Lyle / Estuary Pictures",
        "alt": (
            "An empty concrete yard behind a chain-link fence, with a disused bus shed and weeds "
            "growing through cracks."
        ),
        "kind": "published",
        "correction": "",
    },
    {
        "section": "politics",
        "headline": "Scrutiny panel asks why pothole repairs now take twice as long as before",
        "standfirst": (
            "Council figures show the average time to fix a reported pothole has risen from 11 "
            "to 23 days. Officers blame staff shortages and an unusually wet winter."
        ),
        "authors": ["noor-castellan"],
        "tags": ["transport", "budget", "city-council", "cycling"],
        "body": [
            "Councillors on Alder Bay’s scrutiny panel have asked for an explanation after "
            "figures showed that the average time taken to repair a reported pothole has more "
            "than doubled in two years. In the last financial year, it took an average of 23 days "
            "from a pothole being reported to it being fixed, compared with 11 days two years "
            "earlier.",
            "The figures, published in a report to the panel, also show that the number of "
            "potholes reported by the public has risen by around 40 per cent. Officers said a "
            "particularly wet winter had caused more damage to road surfaces, and that the "
            "highways team had been carrying several vacancies for engineers and inspectors for "
            "much of the year.",
            "## Cyclists and disabled residents most affected",
            "Cycling groups told the panel that potholes were a serious safety risk for people on "
            "bikes, particularly at night. A representative of a local disability forum said "
            "broken pavements and road edges made it harder for wheelchair users and people with "
            "visual impairments to move around independently, and that these reports were "
            "sometimes given lower priority.",
            "The council’s head of highways said new staff had now been recruited and that the "
            "team expected repair times to improve over the coming months. The panel asked for "
            "quarterly updates and for the council to publish a map showing reported and repaired "
            "potholes, which officers agreed to consider. The Ledger has published the underlying "
            "figures by ward.",
        ],
        "caption": "A water-filled pothole on one of the city’s busiest cycle routes.",
        "credit": "Marek Dunmore / The Riverside Ledger",
        "alt": (
            "A cyclist steers around a deep pothole filled with rainwater on the edge of a city "
            "road."
        ),
        "kind": "published",
        "correction": "",
    },
    {
        "section": "politics",
        "headline": "Voter registration drive targets students and new arrivals before polls",
        "standfirst": (
            "Volunteers and council staff will run registration stalls at the college, the "
            "university campus and community centres ahead of next year’s city elections."
        ),
        "authors": ["dev-marchetti"],
        "tags": ["elections", "young-people", "community-groups"],
        "body": [
            "A campaign to encourage more people to register to vote will begin in Alder Bay next "
            "month, with a particular focus on students, young people and residents who have "
            "moved to the city recently. Council figures suggest that around one in eight "
            "eligible adults in the city are not on the electoral register, rising to almost one "
            "in three in some student areas.",
            "Registration stalls will be set up at Alder Bay College, the university’s riverside "
            "campus and several community centres over the next three months. Council staff will "
            "be joined by volunteers from youth groups and residents’ associations, who will help "
            "people register online on the spot. Information will be available in eleven "
            "languages.",
            "The council’s electoral services manager said that many people assume they are "
            "registered automatically, for example because they pay council tax or are on a "
            "tenancy agreement. In fact, people need to register individually and must update "
            "their details when they move house. Students can register at both their home and "
            "term-time address.",
            "The drive has support from all political groups on the council. A youth worker at "
            "the Ashcombe community centre said young people were often interested in local "
            "issues such as buses, housing and parks, but did not always see voting as something "
            "that applied to them. She hoped the stalls would start conversations as well as add "
            "names to the register.",
        ],
        "caption": "A registration stall at Alder Bay College during a trial session.",
        "credit": "Hana Brookes / The Riverside Ledger",
        "alt": (
            "Two volunteers help students fill in forms on a tablet at a small stall in a college "
            "foyer."
        ),
        "kind": "published",
        "correction": (
            "This article originally stated that one in five eligible adults were not "
            "registered to vote; the council’s figure is one in eight."
        ),
    },
    {
        "section": "politics",
        "headline": "Council leader defends plan to sell the Old Mill offices to a developer",
        "standfirst": (
            "Opposition councillors say the Victorian building should stay in public hands. The "
            "leader says the sale will save £600,000 a year in running costs."
        ),
        "authors": ["ines-calloway"],
        "tags": ["budget", "heritage", "planning"],
        "body": [
            "The leader of Alder Bay City Council has defended a proposal to sell the Old Mill "
            "offices, a Victorian former textile mill on the riverside that has housed council "
            "departments since the 1970s. Most staff moved to the civic centre several years ago, "
            "and the building is now largely empty apart from a records store and a small meeting "
            "suite.",
            "Council officers estimate that selling the building would save around £600,000 a "
            "year in heating, maintenance and security, and raise between £3m and £4m. A report "
            "to the cabinet says that bringing the building up to modern standards for continued "
            "council use would cost more than £7m, money the council does not have.",
            "> ‘Nobody is more attached to the Old Mill than I am. My grandmother worked there "
            "when it was still a mill,’ the council leader, Councillor Margaret Ellery, told a "
            "packed meeting on Wednesday. ‘But we cannot keep paying to heat an empty building "
            "while we are asking residents where to make savings. A sale with the right "
            "conditions is the responsible choice.’",
            "Opposition councillors argued that the building could be used for community groups, "
            "small businesses or housing, and that selling it would mean losing control of a "
            "landmark. A heritage group has asked for any sale to include conditions protecting "
            "the mill’s chimney and original windows. The cabinet will make a final decision next "
            "month.",
        ],
        "caption": "The Old Mill offices, a former textile mill beside the River Alder.",
        "credit": "Luca Wren / Northlight Photo Agency",
        "alt": (
            "A large red-brick Victorian mill with a tall chimney and rows of arched windows "
            "beside a river."
        ),
        "kind": "published",
        "correction": "",
    },
    {
        "section": "politics",
        "headline": "Citizens’ panel on climate presents its 30 recommendations to the council",
        "standfirst": (
            "Forty randomly selected residents spent six weekends hearing evidence. Their ideas "
            "range from a city-wide insulation drive to free bus travel for under-18s."
        ),
        "authors": ["rosa-lindqvist", "dev-marchetti"],
        "tags": ["climate", "city-council", "community-groups", "cycling"],
        "body": [
            "A panel of forty Alder Bay residents, chosen at random to reflect the city’s "
            "population, has presented thirty recommendations on how the city should respond to "
            "climate change. The panel met over six weekends at the civic centre, hearing from "
            "scientists, engineers, business owners and community groups before discussing and "
            "voting on each proposal.",
            "The recommendations that received the strongest support included a city-wide "
            "programme to insulate older homes, more protected cycle lanes, free bus travel for "
            "under-18s and a requirement for new council buildings to generate some of their own "
            "energy. The panel also called for a permanent residents’ forum to check how the "
            "council’s climate plans are progressing.",
            "Members of the panel said the experience had changed their views. A retired lorry "
            "driver said he had arrived sceptical and left convinced that practical changes could "
            "save people money as well as cut emissions. A college student said she had been "
            "surprised by how much agreement there was between people of very different ages and "
            "backgrounds.",
            "The council has committed to responding formally to every recommendation within six "
            "months, explaining which it will adopt, which it will consider further and which it "
            "will not take forward, with reasons. Some recommendations, such as free bus travel, "
            "would need funding the council does not currently have, and officers have begun "
            "looking at possible costs.",
        ],
        "caption": "Members of the citizens’ panel discuss recommendations at the civic centre.",
        "credit": "Sunita Vale / The Riverside Ledger",
        "alt": (
            "Residents of different ages sit at round tables with sticky notes and marker pens in "
            "a large hall."
        ),
        "kind": "published",
        "correction": "",
    },
    {
        "section": "politics",
        "headline": "Where the Southbank by-election candidates stand on housing and buses",
        "standfirst": (
            "We asked all four candidates the same questions, submitted by Southbank readers. "
            "Here is a summary of their answers on the issues readers raised most often."
        ),
        "authors": ["dev-marchetti", "noor-castellan"],
        "tags": ["elections", "housing", "transport"],
        "body": [
            "Four candidates are standing in the Southbank by-election on 14 March. Before "
            "nominations closed, we asked Southbank readers what they most wanted to know, and "
            "more than 200 people replied. Housing and buses came up far more often than anything "
            "else, followed by the state of the shopping parade and safety in the riverside park "
            "after dark.",
            "We sent every candidate the same five questions and gave them the same word limit. "
            "Their full answers are published below this summary, unedited except for length. We "
            "have not endorsed any candidate and will not do so. Candidates’ statements have not "
            "been checked line by line, but we have added notes where a claim refers to a council "
            "figure.",
            "## Housing",
            "All four candidates said the council should build more homes for social rent. Two "
            "supported the planned development on the former bus depot site, one opposed it "
            "because of the height of the buildings, and one said she would support it only if "
            "more parking were provided. Two candidates proposed a register of private landlords "
            "in the ward.",
            "On buses, every candidate criticised the reduced evening service on route 7, which "
            "was cut to one bus an hour last year. Three said they would press the council to "
            "fund extra evening journeys, and one suggested a community minibus for older "
            "residents. All four supported keeping the harbour ferry running later in the "
            "evenings.",
            "Polling stations will be open from 7am to 10pm on 14 March. Residents who are unsure "
            "where to vote will find their polling station on their poll card or on the council’s "
            "website. We will report the result from the count, which is expected to finish "
            "shortly after midnight.",
        ],
        "caption": "A polling station sign outside the Southbank community centre.",
        "credit": "Amira Soto / The Riverside Ledger",
        "alt": (
            "A white sign with an arrow pointing to a polling station, fixed to railings outside a "
            "low brick building."
        ),
        "kind": "published",
        "correction": "",
    },
    {
        "section": "politics",
        "headline": "Council tax to rise by 4.9 per cent as members approve the annual budget",
        "standfirst": (
            "The budget protects library opening hours after a public outcry, but reduces grass "
            "cutting in parks and raises city centre parking charges by 20p an hour."
        ),
        "authors": ["dev-marchetti"],
        "tags": ["budget", "city-council", "libraries", "parks"],
        "body": [
            "Council tax in Alder Bay will rise by 4.9 per cent from April after councillors "
            "approved next year’s budget at a full council meeting that lasted more than five "
            "hours. For a typical band C home, the increase amounts to around £85 a year, or "
            "£1.63 a week. The budget was passed by 31 votes to 19, with two abstentions.",
            "The final budget differs in several ways from the options put to residents in the "
            "autumn consultation. Plans to reduce opening hours at three smaller libraries were "
            "dropped after more than 3,000 people responded to oppose them. Instead, the council "
            "will save money by reducing the number of grass cuts in larger parks and leaving "
            "some areas to grow as meadows.",
            "## What changes for residents",
            "Parking charges in city centre car parks will rise by 20p an hour, and a new charge "
            "for garden waste collections will be introduced in the spring, with a reduced rate "
            "for households receiving council tax support. The council will also make savings by "
            "sharing some back-office services with a neighbouring authority.",
            "Opposition councillors proposed an amendment to fund additional youth workers by "
            "delaying a planned refurbishment of the civic centre, but it was defeated. The "
            "cabinet member for finance said the budget was the hardest she had worked on, and "
            "warned that further savings would be needed in the following year unless funding "
            "from central government improved.",
        ],
        "caption": "Councillors debate the budget at a full council meeting.",
        "credit": "Marek Dunmore / The Riverside Ledger",
        "alt": (
            "Councillors sit in a horseshoe of desks in a wood-panelled council chamber as one "
            "stands to speak."
        ),
        "kind": "published",
        "correction": "",
    },
    {
        "section": "politics",
        "headline": "Plans to livestream every council committee meeting win cross-party support",
        "standfirst": (
            "At present only full council meetings are broadcast. Councillors want planning, "
            "licensing and scrutiny meetings streamed online by the autumn."
        ),
        "authors": ["ines-calloway"],
        "tags": ["city-council", "planning", "community-groups"],
        "body": [
            "Councillors from all political groups have backed a proposal to livestream every "
            "public committee meeting of Alder Bay City Council, not only full council meetings. "
            "At present, residents who want to follow a planning or licensing decision need to "
            "attend in person at the civic centre, usually on a weekday evening, or wait for the "
            "published minutes.",
            "The proposal was put forward by a member of the scrutiny panel, who said many of the "
            "decisions with the greatest effect on residents’ daily lives were made in committee "
            "rather than at full council. Planning committees, for example, decide on new "
            "housing, shop conversions and extensions, often after long debates that are not "
            "recorded in detail.",
            "Officers estimate the cost of installing cameras and microphones in the two main "
            "committee rooms at around £35,000, with ongoing costs of about £8,000 a year. "
            "Recordings would be kept online for at least a year. Members of the public who speak "
            "at meetings would be told in advance and could ask not to be shown on camera.",
            "Community groups and local journalists have welcomed the plan. A member of the "
            "Eastside residents’ association said it would make it much easier for people with "
            "caring responsibilities or evening jobs to follow decisions. The proposal will be "
            "considered formally at the next meeting of the council’s governance committee, with "
            "a view to starting in the autumn.",
        ],
        "caption": "A committee room at the civic centre, where cameras may be installed.",
        "credit": "Marek Dunmore / The Riverside Ledger",
        "alt": (
            "An empty committee room with a long table, name cards, microphones and rows of chairs "
            "for the public."
        ),
        "kind": "draft",
        "correction": "",
    },
    {
        "section": "politics",
        "headline": "Southbank by-election: polling stations, opening hours and how to vote",
        "standfirst": (
            "Everything you need to know before Thursday, including where to vote, what to bring "
            "and what to do if you have lost your postal ballot pack."
        ),
        "authors": ["dev-marchetti"],
        "tags": ["elections", "city-council"],
        "body": [
            "Voters in Southbank ward will choose a new city councillor on Thursday. Polling "
            "stations open at 7am and close at 10pm. If you are in the queue at a polling station "
            "at 10pm, you will still be allowed to vote. You do not need your poll card to vote, "
            "but it helps staff find your name on the register more quickly.",
            "There are four polling stations in the ward: the Southbank community centre on "
            "Quarry Road, St Bride’s primary school, the scout hut on Elm Terrace and the "
            "riverside sports pavilion. Your poll card tells you which one to use. If you have "
            "lost it, the council’s elections office can confirm your polling station by phone "
            "or email.",
            "You will need to bring an accepted form of photo identification, such as a passport, "
            "a driving licence or an older person’s bus pass. If you are unsure whether a "
            "document is accepted, the elections office can check for you before polling day, "
            "and staff at the polling station can also tell you which documents are on the list.",
            "If you have a postal vote and have not yet returned it, you can hand it in at any "
            "polling station in the ward before 10pm. If your postal pack has been lost or "
            "damaged, you can request a replacement from the elections office until 5pm on "
            "polling day. The count will take place at the civic centre after polls close.",
        ],
        "caption": "Ballot boxes are prepared ahead of polling day.",
        "credit": "Fergus Lyle / Estuary Pictures",
        "alt": (
            "Sealed black ballot boxes stacked on a trestle table in a school hall, next to folded "
            "voting booths."
        ),
        "kind": "published",
        "correction": "",
    },
    # ----------------------------------------------------------- Environment
    {
        "section": "environment",
        "headline": "River Alder water quality improves at four of six testing points",
        "standfirst": (
            "A year of monthly testing by volunteers and the Ledger found lower bacteria levels "
            "upstream, but problems remain near two storm overflows in the city centre."
        ),
        "authors": ["rosa-lindqvist"],
        "tags": ["river-alder", "public-health", "community-groups", "flooding"],
        "body": [
            "Water quality in the River Alder has improved at four of six points tested every "
            "month for the past year by a group of volunteer river wardens working with the "
            "Ledger. Levels of bacteria linked to sewage were lower than in the previous year at "
            "all four upstream sites, including the popular swimming spot below Kestrel Park "
            "weir.",
            "The volunteers collect samples on the first Sunday of each month and send them to "
            "an accredited laboratory, paid for by a small grant and donations from readers. "
            "Results are published on the Ledger’s website, and the full data set is available "
            "for anyone to download. This is the second year of the project, which began after a "
            "summer of swimmer illnesses.",
            "## Problems near the storm overflows",
            "Results at two sites in the city centre, downstream of storm overflows at Tanners "
            "Bridge and the Quayside, were less encouraging. On several occasions after heavy "
            "rain, bacteria levels there were many times higher than the threshold used to judge "
            "bathing water. The overflows release diluted sewage into the river when the sewer "
            "network is overwhelmed during storms.",
            "The water company responsible for the overflows said it was investing in extra "
            "storage tanks at both sites, due to be completed in two years. It said it monitored "
            "every overflow and published how often and for how long each one operated. "
            "Campaigners welcomed the investment but said residents needed better warnings on "
            "the days when the river was unsafe.",
            "The river wardens recommend that anyone planning to swim or paddle avoids the city "
            "centre stretch for at least 48 hours after heavy rain and covers any cuts. They are "
            "always looking for new volunteers, and no scientific background is needed. Training "
            "sessions take place at the Eastside library on the last Wednesday of each month.",
        ],
        "caption": "A river warden collects a water sample below Kestrel Park weir.",
        "credit": "Sunita Vale / The Riverside Ledger",
        "alt": (
            "A volunteer in waders holds a small sample bottle in the shallow water below a low "
            "stone weir."
        ),
        "kind": "published",
        "correction": "",
    },
    {
        "section": "environment",
        "headline": "Flood barrier upgrade at the Quayside passes its first winter test",
        "standfirst": (
            "The new barrier was raised three times during the January storms. Businesses along "
            "the waterfront, flooded twice in the past decade, stayed dry."
        ),
        "authors": ["rosa-lindqvist"],
        "tags": ["flooding", "river-alder", "harbour"],
        "body": [
            "The upgraded flood barrier along the Quayside was raised three times during the "
            "January storms and kept water out of the streets behind it on each occasion, "
            "according to the council and the national environment agency. It was the first "
            "winter since work on the £14m upgrade was completed last summer, after almost three "
            "years of construction.",
            "At its highest point, the river reached just over four metres above its normal "
            "level, close to the peak recorded in the floods nine years ago, when more than 200 "
            "homes and businesses were damaged. This time, the only flooding reported in the area "
            "was in a car park deliberately designed to hold water temporarily when the river "
            "rises.",
            "Traders on the Quayside said they had watched the water rising with some anxiety. "
            "The owner of a café that was flooded twice in the past decade said she had moved her "
            "stock upstairs as a precaution, but had been able to open as normal the next "
            "morning. Insurance costs for some businesses remain high, although a few have begun "
            "to fall.",
            "Engineers say the barrier is designed to protect against a flood with roughly a one "
            "in two hundred chance of happening in any year, taking into account expected changes "
            "in rainfall. But they stress that no defence removes all risk. Residents in areas "
            "still at risk are encouraged to sign up for free flood warnings by text or phone.",
        ],
        "caption": "The upgraded flood barrier on the Quayside during January’s storms.",
        "credit": "Fergus Lyle / Estuary Pictures",
        "alt": (
            "A high grey flood wall holds back a swollen brown river, with a dry cobbled street "
            "and shopfronts behind."
        ),
        "kind": "published",
        "correction": "",
    },
    {
        "section": "environment",
        "headline": "Volunteers plant 2,000 trees along the Northside railway embankment",
        "standfirst": (
            "Oak, hazel, rowan and wild cherry saplings now line a half-mile stretch of "
            "previously bare ground, in a project led by residents and local primary schools."
        ),
        "authors": ["rosa-lindqvist", "owen-fairbairn"],
        "tags": ["parks", "climate", "community-groups", "schools"],
        "body": [
            "More than 2,000 young trees have been planted along a half-mile stretch of the "
            "railway embankment in Northside, transforming a strip of bare ground that residents "
            "say had long been used for fly-tipping. Around 300 volunteers took part over two "
            "weekends, including pupils from three primary schools, members of a Northside "
            "walking group and staff from a nearby warehouse.",
            "The saplings include oak, hazel, rowan, wild cherry and hawthorn, chosen to suit the "
            "soil and to provide food for birds and insects. They were supplied free by a "
            "national tree-planting charity, while the railway’s land managers agreed to the "
            "planting after a year of discussions with the Northside residents’ group that "
            "organised it.",
            "Trees in built-up areas help to cool streets in summer, absorb rainwater and reduce "
            "noise, as well as storing carbon as they grow. Organisers say the embankment will "
            "look very different within five years, although it will take decades for the oaks "
            "to reach full size. Volunteers will return in the summer to water the saplings "
            "during dry spells.",
            "Pupils at one of the schools have each adopted a tree and will measure its growth "
            "every term as part of their science lessons. The residents’ group is now looking for "
            "another site and has asked anyone who knows of a suitable piece of neglected land in "
            "the city to get in touch through the council’s parks team.",
        ],
        "caption": "Pupils and volunteers plant saplings on the Northside railway embankment.",
        "credit": "Jonah Pell / The Riverside Ledger",
        "alt": (
            "Children in wellington boots help adults plant small trees in protective tubes on a "
            "grassy slope."
        ),
        "kind": "published",
        "correction": "",
    },
    {
        "section": "environment",
        "headline": "Estuary wetland restoration brings wading birds back, surveyors say",
        "standfirst": (
            "Two years after an old sea wall was opened to let the tide back in, counts of "
            "redshank, curlew and little egret on the former farmland have risen sharply."
        ),
        "authors": ["rosa-lindqvist"],
        "tags": ["river-alder", "climate", "parks"],
        "body": [
            "Wading birds are returning in growing numbers to a stretch of the Alder estuary "
            "where farmland was allowed to flood again two years ago, according to volunteer "
            "surveyors. The project, run by a regional wildlife trust with the landowner, "
            "involved opening sections of an old sea wall so that the tide could spread across "
            "fields that had been drained more than a century ago.",
            "Monthly bird counts this winter recorded an average of more than 400 redshank, "
            "compared with fewer than 50 before the work began. Curlew, lapwing and little egret "
            "have also been seen regularly, and a pair of avocets nested on the site for the "
            "first time last spring. Surveyors say numbers can vary from year to year, so "
            "longer-term trends will matter more.",
            "> ‘It has happened faster than any of us expected,’ said the trust’s reserve "
            "manager, who has overseen the site since the project began. ‘The mud is full of "
            "worms and shellfish again, and the birds found it within weeks. We are careful not "
            "to get carried away, but it is hard not to feel hopeful when you stand out here at "
            "low tide.’",
            "The restored marsh also helps to protect the city from flooding, because it gives "
            "high tides more space to spread out before they reach built-up areas. A new footpath "
            "and bird hide are due to open in the summer. Visitors are asked to keep dogs on "
            "leads and stay on marked paths, particularly during the nesting season between March "
            "and July.",
        ],
        "caption": "Wading birds feed on the restored mudflats of the Alder estuary.",
        "credit": "Luca Wren / Northlight Photo Agency",
        "alt": (
            "A flock of small wading birds feed on wet mudflats at low tide, with a breached sea "
            "wall in the distance."
        ),
        "kind": "published",
        "correction": "",
    },
    {
        "section": "environment",
        "headline": "Heat map shows Eastside streets are among the hottest in the city",
        "standfirst": (
            "Satellite data analysed by the Ledger suggests some Eastside streets are up to six "
            "degrees warmer on summer afternoons than the leafiest parts of Alder Bay."
        ),
        "authors": ["noor-castellan", "rosa-lindqvist"],
        "tags": ["climate", "housing", "public-health", "parks"],
        "body": [
            "Some streets in Eastside are up to six degrees warmer on hot summer afternoons than "
            "the leafiest parts of Alder Bay, according to an analysis of satellite data by the "
            "Ledger. The hottest areas are those with the fewest trees and the most hard "
            "surfaces, such as car parks, flat roofs and wide roads without shade.",
            "We used publicly available surface temperature readings from five cloudless days "
            "last July and August, and compared them with maps of tree cover and green space. "
            "The pattern was consistent: neighbourhoods with more trees and parks were cooler, "
            "while densely built areas with little greenery were hotter. Eastside, the Docklands "
            "and parts of the Fenwick estate stood out.",
            "## Why it matters",
            "Public health experts say hotter neighbourhoods can pose a greater risk to older "
            "people, babies and those with heart or breathing conditions during heatwaves. Many "
            "homes in Eastside are small terraces or flats with limited ventilation, which can "
            "make it difficult to cool down at night. Residents we spoke to described sleeping on "
            "the floor during last summer’s heatwave.",
            "The council said it planned to plant 1,500 street trees over the next five years and "
            "would use heat mapping to decide where they should go first. Campaigners welcomed "
            "that, but said trees take years to provide shade and called for quicker measures, "
            "such as cool rooms in libraries and community centres during heatwaves. Our full "
            "methodology is published alongside this article.",
        ],
        "caption": "A treeless street in Eastside on a hot afternoon last August.",
        "credit": "Amira Soto / The Riverside Ledger",
        "alt": (
            "A row of terraced houses on a sunny street with parked cars and no trees, heat "
            "shimmering above the road."
        ),
        "kind": "published",
        "correction": "",
    },
    {
        "section": "environment",
        "headline": "Food waste collections to reach every household by the end of the year",
        "standfirst": (
            "Weekly kerbside collections, trialled in Northside and Southbank, will be extended "
            "across the city. The waste will be turned into energy and fertiliser."
        ),
        "authors": ["rosa-lindqvist"],
        "tags": ["food", "city-council", "climate"],
        "body": [
            "Every household in Alder Bay will have a weekly food waste collection by the end of "
            "the year, after a trial in Northside and Southbank was judged a success. Around "
            "18,000 homes took part in the eighteen-month trial, which the council says diverted "
            "almost 2,000 tonnes of food waste from general rubbish bins.",
            "Households will receive a small kitchen caddy and a larger lockable bin for the "
            "kerbside, along with a supply of compostable liners. Collected food waste will be "
            "taken to an anaerobic digestion plant outside the city, where it is broken down to "
            "produce gas for electricity and a fertiliser used by local farms.",
            "Taking food waste out of general rubbish also reduces the amount sent to landfill "
            "and incineration, which saves the council money on disposal charges. The council "
            "estimates the city-wide service will cost around £1.1m a year to run but will save "
            "close to £700,000 in disposal costs, with the gap covered by a national grant for "
            "the first three years.",
            "Residents in the trial areas were mostly positive, although some raised concerns "
            "about smells in summer and about caddies being knocked over by foxes. The council "
            "said the new lockable bins were designed to deal with both problems. Flats with "
            "shared bins will be included later in the year, after a separate trial on two "
            "estates.",
        ],
        "caption": "A food waste caddy and kerbside bin issued to households in the trial.",
        "credit": "Hana Brookes / The Riverside Ledger",
        "alt": (
            "A small green kitchen caddy next to a larger lockable brown bin on the doorstep of a "
            "terraced house."
        ),
        "kind": "published",
        "correction": "",
    },
    {
        "section": "environment",
        "headline": "Insurance worries grow for homeowners on the lower Alder floodplain",
        "standfirst": (
            "Residents of Lowmoor say premiums have doubled in some cases despite new defences. "
            "Advice workers urge people to shop around and ask about flood insurance schemes."
        ),
        "authors": ["rosa-lindqvist"],
        "tags": ["flooding", "housing", "small-business"],
        "body": [
            "Homeowners and small businesses in Lowmoor, on the lower floodplain of the River "
            "Alder, say they are struggling with the cost of insurance despite improvements to "
            "local flood defences. Some residents told the Ledger their premiums had doubled in "
            "three years, while others said their insurer had added large excess payments for "
            "flood claims.",
            "Lowmoor, a neighbourhood of Victorian terraces and small workshops, was badly "
            "flooded nine years ago. Since then, the council and the national environment agency "
            "have built a new embankment and pumping station. Residents say insurers do not "
            "always seem to take those improvements into account when setting prices, and that "
            "it is hard to find out why premiums change.",
            "## What help is available",
            "Advice workers at the Lowmoor community centre say homeowners should check whether "
            "they qualify for a national scheme designed to keep flood insurance affordable for "
            "households in high-risk areas. The scheme does not cover businesses or homes built "
            "in the last two decades, however, and several small workshop owners said they had "
            "found no affordable cover at all.",
            "A local broker suggested that people gather evidence of the new defences, such as "
            "letters from the council, and share it with their insurer when renewing. Residents "
            "are also being encouraged to fit flood doors and air brick covers, which may help "
            "with premiums. The council plans to hold a drop-in session with insurance advisers "
            "at the community centre next month.",
        ],
        "caption": "Flood boards fitted to terraced houses in Lowmoor.",
        "credit": "Fergus Lyle / Estuary Pictures",
        "alt": (
            "Metal flood boards fitted across the front doors of a row of Victorian terraced "
            "houses on a wet street."
        ),
        "kind": "published",
        "correction": "",
    },
    {
        "section": "environment",
        "headline": "Community energy scheme puts solar panels on six school roofs",
        "standfirst": (
            "Residents bought shares in the co-operative that owns the panels. Schools pay less "
            "for electricity, and shareholders receive a modest annual return."
        ),
        "authors": ["rosa-lindqvist"],
        "tags": ["climate", "schools", "community-groups"],
        "body": [
            "Solar panels have been installed on the roofs of six Alder Bay schools by a "
            "community energy co-operative owned by local residents. More than 400 people bought "
            "shares in the co-operative, raising £520,000 to pay for the panels, which are "
            "expected to generate around a fifth of the electricity used by the six schools each "
            "year.",
            "The schools buy the electricity produced by the panels at a price below what they "
            "would pay an energy supplier, saving an estimated £45,000 a year between them. The "
            "co-operative uses the income to pay a modest return to shareholders and to maintain "
            "the panels, and puts any surplus into a fund for energy-saving projects in the city.",
            "> ‘Our pupils can see the panels from the playground, and the live display in the "
            "hall tells them how much power we are making,’ said the headteacher of one of the "
            "schools. ‘It has become part of our science lessons. And every pound we save on "
            "energy is a pound we can spend on teaching assistants or books instead.’",
            "The co-operative’s chair said its next goal was to install panels on community "
            "centres and small business premises. Shares cost from £50, and the co-operative "
            "says investors should treat them as a long-term community investment rather than a "
            "way to make money quickly. A public meeting about the next share offer will be held "
            "in the spring.",
        ],
        "caption": "Solar panels on the roof of one of the six schools in the scheme.",
        "credit": "Sunita Vale / The Riverside Ledger",
        "alt": (
            "Rows of dark solar panels on a flat school roof, with a playground and playing field "
            "visible below."
        ),
        "kind": "published",
        "correction": "",
    },
    {
        "section": "environment",
        "headline": "Kestrel Park meadow trial: fewer mowers, more wildflowers, some complaints",
        "standfirst": (
            "Large areas of grass have been left to grow for the first time. Wildlife groups are "
            "delighted, but some dog walkers and parents say the park now feels untidy."
        ),
        "authors": ["rosa-lindqvist"],
        "tags": ["parks", "city-council", "climate"],
        "body": [
            "Visitors to Kestrel Park this summer may have noticed that large areas of grass have "
            "been left uncut. The council is trialling a new approach in which around a third of "
            "the park is mown only once or twice a year, allowing wildflowers to grow and set "
            "seed. Paths are still mown through the long grass, and sports pitches and play areas "
            "are unchanged.",
            "The trial is partly about saving money, as mowing less reduces fuel and staff costs, "
            "and partly about encouraging wildlife. Volunteers from a local naturalists’ group "
            "have already recorded more than 60 species of wildflower and a sharp rise in "
            "butterflies and bees compared with last year. Goldfinches have been seen feeding on "
            "the seed heads.",
            "## Not everyone is convinced",
            "Some park users have complained that the long grass looks neglected and that it "
            "hides litter and dog mess. Parents of young children said they missed the open space "
            "for picnics and ball games, and a few residents worried about ticks. The council "
            "said it had deliberately kept mown areas near the entrances and play areas, and "
            "would review the layout after the summer.",
            "Parks officers plan to put up signs explaining the trial, which they acknowledge "
            "should have been in place from the start. The council will ask park users for their "
            "views in the autumn before deciding whether to continue, expand or reduce the meadow "
            "areas next year. The results of the naturalists’ wildlife survey will be published "
            "at the same time.",
        ],
        "caption": "A mown path through the long grass of the meadow trial in Kestrel Park.",
        "credit": "Jonah Pell / The Riverside Ledger",
        "alt": (
            "A narrow mown path winds through tall grass and wildflowers in a park, with trees and "
            "a bandstand behind."
        ),
        "kind": "published",
        "correction": "",
    },
    {
        "section": "environment",
        "headline": "Rowers and anglers at odds over proposed speed limits on the river",
        "standfirst": (
            "A plan to cut speeds for powered boats on the upper Alder has been welcomed by "
            "anglers, but rowing coaches say their safety launches need some flexibility."
        ),
        "authors": ["rosa-lindqvist"],
        "tags": ["river-alder", "harbour", "community-groups"],
        "body": [
            "A proposal to introduce lower speed limits for powered boats on the upper stretches "
            "of the River Alder has divided some of the river’s most regular users. The harbour "
            "authority wants to reduce the limit from eight knots to five between Tanners Bridge "
            "and Kestrel Park weir, saying wash from fast boats is eroding the banks and "
            "disturbing wildlife.",
            "Anglers’ groups have welcomed the plan. They say wash from boats has damaged fishing "
            "platforms and muddied the water at popular spots. A naturalists’ group also supports "
            "the change, pointing to the loss of reed beds on the outside of several bends, which "
            "are important for nesting birds and young fish sheltering from the current.",
            "Rowing coaches, however, say their motorised safety launches sometimes need to move "
            "quickly to reach a capsized crew, particularly when they are coaching beginners or "
            "young people. They have asked for an exemption for safety boats, or for the limit to "
            "apply only outside training hours. The harbour authority says it is willing to "
            "discuss an exemption for genuine emergencies.",
            "The consultation runs until the end of the month. The harbour authority has said it "
            "wants to find a solution that works for everyone who uses the river, and will hold a "
            "meeting at the rowing club boathouse next week, which anglers and residents are also "
            "invited to attend. The Ledger will report on the outcome.",
        ],
        "caption": "A rowing crew and a coaching launch on the upper River Alder.",
        "credit": "Luca Wren / Northlight Photo Agency",
        "alt": (
            "A rowing eight glides along a calm river followed by a small motor launch, with "
            "anglers on the far bank."
        ),
        "kind": "published",
        "correction": "",
    },
    {
        "section": "environment",
        "headline": "Council to publish its first annual progress report on net zero goals",
        "standfirst": (
            "The report will show how far the council has cut emissions from its own buildings "
            "and vehicles, and how it plans to meet its target for the city as a whole."
        ),
        "authors": ["rosa-lindqvist"],
        "tags": ["climate", "city-council", "budget"],
        "body": [
            "Alder Bay City Council will publish its first annual report on progress towards its "
            "climate targets next week. The council has pledged to make its own buildings and "
            "vehicles net zero by 2035, and has said it wants the city as a whole to reach the "
            "same point by 2045, although it has limited direct control over most emissions in "
            "the city.",
            "The report is expected to show that emissions from council buildings have fallen, "
            "mainly because of better insulation at the civic centre and a switch to electric "
            "vans for parks and waste teams. Emissions from schools and leisure centres have "
            "fallen more slowly, partly because some older buildings are expensive to improve and "
            "budgets are tight.",
            "The citizens’ panel on climate recommended last year that the council publish a "
            "clear annual report, written in plain language, showing progress against each "
            "target. Panel members have been invited to comment on a draft before it is "
            "published. Campaigners say they will be looking closely at whether the council is on "
            "track or is relying on optimistic forecasts.",
            "The report will be discussed at the council’s environment committee later this "
            "month, and members of the public can submit questions in advance. The Ledger will "
            "publish an analysis on the day the report is released, including the underlying "
            "figures and what they mean for residents, and will ask the council about any targets "
            "that are behind schedule.",
        ],
        "caption": "Electric vans used by the council’s parks team charge at the depot.",
        "credit": "Marek Dunmore / The Riverside Ledger",
        "alt": (
            "Three white electric vans plugged into charging points in a council depot yard on an "
            "overcast day."
        ),
        "kind": "scheduled",
        "correction": "",
    },
    # -------------------------------------------------------------- Business
    {
        "section": "business",
        "headline": "Market Street traders say footfall is up since the road closed to cars",
        "standfirst": (
            "Six months into the pedestrianisation trial, most shops report more customers. Some "
            "traders at the northern end say deliveries and bulky purchases have become harder."
        ),
        "authors": ["tomasz-erdely"],
        "tags": ["small-business", "transport", "planning"],
        "body": [
            "Most traders on Market Street say they have seen more customers since the road was "
            "closed to cars six months ago, according to a survey by the local traders’ "
            "association. Of the 46 businesses that responded, 31 said footfall had increased, "
            "nine said it had stayed about the same and six said it had fallen, mostly at the "
            "northern end of the street.",
            "The council closed Market Street to through traffic between 10am and 6pm as an "
            "eighteen-month trial, adding benches, planters and space for outdoor seating. "
            "Delivery vehicles can use the street before 10am and after 6pm, and blue badge "
            "holders can still reach a small number of parking bays near the market hall.",
            "## Mixed picture at the northern end",
            "Businesses at the northern end, which include a hardware shop, a dry cleaner and a "
            "tile showroom, say customers who need to carry heavy or bulky items are finding it "
            "harder to reach them. The owner of the hardware shop said some regular trade "
            "customers had started going to an out-of-town store instead, and that his sales had "
            "fallen by around 15 per cent.",
            "Cafés and clothes shops have generally done better, particularly those with outdoor "
            "seating. The traders’ association has asked the council to consider short-stay "
            "loading bays and a click-and-collect point for bulky goods at the northern end. The "
            "council said it would take the survey into account when deciding whether to make "
            "the scheme permanent next year.",
        ],
        "caption": "Shoppers on Market Street six months into the pedestrianisation trial.",
        "credit": "Amira Soto / The Riverside Ledger",
        "alt": (
            "Shoppers walk down a car-free high street lined with planters, benches and café "
            "tables on a sunny day."
        ),
        "kind": "published",
        "correction": "",
    },
    {
        "section": "business",
        "headline": "Former ropeworks to become affordable studios for small firms and makers",
        "standfirst": (
            "The derelict Victorian building in the Old Mill Quarter will house 40 workspaces, "
            "with rents capped below market rates for at least fifteen years."
        ),
        "authors": ["tomasz-erdely"],
        "tags": ["small-business", "heritage", "planning", "jobs"],
        "body": [
            "The former ropeworks in the Old Mill Quarter, empty for more than twenty years, is "
            "to be converted into 40 affordable workspaces for small businesses, artists and "
            "makers. The long, narrow brick building was used to make rope for ships until the "
            "1960s and is one of the last surviving reminders of the city’s maritime industries.",
            "The £6.5m project is being led by a community development trust, which has bought "
            "the building from a private owner with help from a national heritage fund and a loan "
            "from the council. Rents will be capped at around 70 per cent of local market rates "
            "for at least fifteen years, a condition attached to the heritage funding.",
            "The studios will range from small desk spaces to workshops large enough for "
            "furniture makers or small food producers. There will also be a shared kitchen, a "
            "meeting room and a ground-floor café open to the public. The trust hopes the "
            "building will support around 100 jobs once it is full, many of them in businesses "
            "with one or two staff.",
            "Work is due to start in the autumn and take around eighteen months. Original "
            "features such as the iron roof trusses and the long ground-floor walk, where rope "
            "was once twisted by hand, will be kept. The trust is already keeping a waiting list "
            "of interested businesses and says it has received more than 150 enquiries.",
        ],
        "caption": "Inside the former ropeworks in the Old Mill Quarter.",
        "credit": "Luca Wren / Northlight Photo Agency",
        "alt": (
            "A long, narrow brick interior with iron roof trusses and shafts of light falling on a "
            "dusty floor."
        ),
        "kind": "published",
        "correction": "",
    },
    {
        "section": "business",
        "headline": "Harbour boatyard wins contract to build three electric passenger ferries",
        "standfirst": (
            "The order, worth around £9m, will secure about 60 jobs at the Quayside yard for the "
            "next three years and create eight new apprenticeships."
        ),
        "authors": ["tomasz-erdely"],
        "tags": ["harbour", "jobs", "climate", "transport"],
        "body": [
            "A boatyard on Alder Bay’s harbour has won a contract worth around £9m to build three "
            "electric passenger ferries for a coastal operator. The order is the largest in the "
            "yard’s history and will secure work for its 60 staff for the next three years. The "
            "yard will also take on eight new apprentices, starting in September.",
            "The family-owned yard has built and repaired fishing boats, pilot vessels and small "
            "ferries since the 1950s. In recent years it has moved into electric and hybrid "
            "vessels, working with an engineering department at the university on battery "
            "systems. The new ferries will each carry up to 150 passengers and be charged from "
            "shore power at each end of their route.",
            "## A boost for the harbour",
            "> ‘When I started here as an apprentice, people said the yard would be closed within "
            "ten years,’ said the yard’s managing director, who has worked there for thirty "
            "years. ‘This contract shows that there is a future for boatbuilding in Alder Bay if "
            "we are willing to learn new skills. The apprentices we take on now will be building "
            "boats we have not even imagined yet.’",
            "The harbour authority said the contract was good news for the wider harbour economy, "
            "including suppliers of steel, electrical parts and marine fittings. The council’s "
            "economic development team said it hoped the yard’s success would encourage other "
            "marine businesses to consider the city, and that it was working on plans for a "
            "shared training centre on the harbour.",
        ],
        "caption": "Boatbuilders at work on a hull at the Quayside yard.",
        "credit": "Fergus Lyle / Estuary Pictures",
        "alt": (
            "Two workers in overalls and ear defenders weld a section of an aluminium boat hull "
            "inside a large shed."
        ),
        "kind": "published",
        "correction": "",
    },
    {
        "section": "business",
        "headline": "Family bakery on Corwen Street closes after 38 years as costs outpace sales",
        "standfirst": (
            "The owners say energy bills, flour prices and rent rose faster than they could raise "
            "prices. Regular customers queued along the street on its last Saturday."
        ),
        "authors": ["tomasz-erdely"],
        "tags": ["small-business", "food"],
        "body": [
            "A family bakery that has served Eastside for 38 years closed on Saturday, with a "
            "queue of customers stretching along Corwen Street for its final morning of trading. "
            "The owners, a husband and wife who took over the business from his parents, said "
            "rising costs had made it impossible to continue without raising prices beyond what "
            "their customers could afford.",
            "Their energy bills for the ovens, which run from four in the morning, had more than "
            "doubled in two years, they said. Flour, butter and packaging had all become more "
            "expensive, and the rent on the shop had risen at its last review. They tried "
            "shortening opening hours and reducing the range of cakes, but sales did not keep "
            "pace.",
            "Customers said the bakery had been part of the neighbourhood’s daily rhythm. Several "
            "had bought birthday cakes there for their children and, later, their grandchildren. "
            "One woman said she had bought the same seeded loaf every Friday for thirty years. "
            "The owners gave away their remaining bread at the end of the day and thanked "
            "customers with a handwritten sign.",
            "The traders’ association said the closure reflected wider pressures on small food "
            "businesses in the city. It is asking the council to consider extending rate relief "
            "for independent shops and to help them get advice on reducing energy use. The "
            "owners said they hoped another baker would take on the premises, and that they would "
            "be happy to share their recipes.",
        ],
        "caption": "Customers queue outside the Corwen Street bakery on its final morning.",
        "credit": "Jonah Pell / The Riverside Ledger",
        "alt": (
            "A long queue of customers in coats stretches along the pavement from a small bakery "
            "with a striped awning."
        ),
        "kind": "published",
        "correction": "",
    },
    {
        "section": "business",
        "headline": "Jobs fair at the Docklands exhibition hall draws more than 1,200 visitors",
        "standfirst": (
            "Around 60 employers, from the hospital to the harbour boatyards, offered vacancies, "
            "apprenticeships and advice. Organisers say interest from school leavers was high."
        ),
        "authors": ["tomasz-erdely", "bea-thornbury"],
        "tags": ["jobs", "young-people", "harbour"],
        "body": [
            "More than 1,200 people visited a jobs fair at the Docklands exhibition hall on "
            "Thursday, where around 60 employers were offering vacancies, apprenticeships and "
            "training places. Employers included the hospital trust, the council, the harbour "
            "boatyards, several logistics firms and a number of small businesses from the "
            "hospitality and care sectors.",
            "Organisers said they had been particularly pleased by the number of school and "
            "college leavers who attended, many accompanied by parents. Apprenticeship stands "
            "were busy throughout the day, especially those offering engineering, electrical and "
            "health care places. Careers advisers from Alder Bay College helped visitors update "
            "their CVs and practise answering interview questions.",
            "Several employers said they were struggling to fill vacancies, particularly in care "
            "work, hospitality and skilled trades. A manager from a care provider said the fair "
            "had given her the chance to explain the range of roles available, and that she had "
            "arranged interviews with more than a dozen people during the day.",
            "The fair was organised by the council’s employment service with the local chamber "
            "of commerce. A smaller event focused on jobs for people returning to work after a "
            "long break, such as parents and carers, will be held at the Eastside library in the "
            "spring. Anyone who missed the fair can contact the employment service for one-to-one "
            "advice.",
        ],
        "caption": "Visitors talk to employers at the Docklands jobs fair.",
        "credit": "Hana Brookes / The Riverside Ledger",
        "alt": (
            "Young people in smart clothes talk to employers at rows of exhibition stands in a "
            "busy, high-ceilinged hall."
        ),
        "kind": "published",
        "correction": "",
    },
    {
        "section": "business",
        "headline": "Empty shop units fall for the first time in five years, figures show",
        "standfirst": (
            "The city centre vacancy rate dropped from 17 to 14 per cent last year, driven by "
            "independent cafés, repair shops and businesses moving in from online-only trading."
        ),
        "authors": ["noor-castellan", "tomasz-erdely"],
        "tags": ["small-business", "planning", "budget"],
        "body": [
            "The number of empty shops in Alder Bay city centre has fallen for the first time in "
            "five years, according to council figures analysed by the Ledger. At the end of last "
            "year, 14 per cent of ground-floor units in the central shopping area were vacant, "
            "down from 17 per cent a year earlier. That means around 25 more units are now "
            "occupied.",
            "Most of the new occupants are small independent businesses rather than national "
            "chains. They include cafés, a repair shop for phones and laptops, a refill shop, two "
            "barbers and several businesses that previously traded only online and wanted a "
            "physical presence. A number have taken short leases on units that had been empty for "
            "more than two years.",
            "## Why it is happening",
            "Letting agents say falling rents in some parts of the city centre have made units "
            "affordable for smaller businesses. The council has also offered a grant of up to "
            "£5,000 towards shop fittings for new businesses taking on long-empty units, and has "
            "relaxed planning rules to allow some former shops to become cafés, studios or "
            "offices without a full planning application.",
            "Vacancy rates remain higher than the regional average, and some streets, such as the "
            "lower end of Station Road, still have several empty units in a row. The council’s "
            "figures also do not show how long new businesses survive. We will return to the "
            "figures in a year’s time, and the full data set is published with this article.",
        ],
        "caption": "A newly occupied unit on Station Road, previously empty for three years.",
        "credit": "Amira Soto / The Riverside Ledger",
        "alt": (
            "A small shopfront with a freshly painted sign and plants in the window, between two "
            "shuttered units."
        ),
        "kind": "published",
        "correction": "",
    },
    {
        "section": "business",
        "headline": "Apprenticeship scheme at the water treatment works doubles its intake",
        "standfirst": (
            "Twenty school leavers will join the Lowmoor works this autumn, training as "
            "engineers, scientists and technicians, after the first group all found permanent jobs."
        ),
        "authors": ["tomasz-erdely"],
        "tags": ["jobs", "young-people", "river-alder"],
        "body": [
            "The water treatment works at Lowmoor will take on twenty apprentices this autumn, "
            "double the number it recruited last year. The apprenticeships last between two and "
            "four years and lead to qualifications in engineering, laboratory science and "
            "electrical maintenance. Apprentices are paid a salary from the first day and spend "
            "one day a week studying at Alder Bay College.",
            "The works, which treats drinking water drawn from the River Alder for around 200,000 "
            "people, introduced the scheme three years ago because many of its experienced staff "
            "are approaching retirement. All ten of its first group of apprentices have now "
            "completed their training and taken up permanent jobs at the site or elsewhere in the "
            "water company.",
            "One former apprentice, now a laboratory technician, said she had applied after a "
            "careers talk at school and had not previously known the works existed. Her job "
            "involves testing water samples throughout the day to check that treatment is working "
            "properly. She now visits schools to talk to pupils about careers in the water "
            "industry.",
            "Applications for this year’s places close at the end of next month. There are no "
            "fixed grade requirements, although applicants are expected to have some maths and "
            "science qualifications. The company says it is particularly keen to hear from young "
            "women, who are under-represented in engineering roles, and from people living in the "
            "neighbourhoods near the works.",
        ],
        "caption": "An apprentice checks water samples in the laboratory at the Lowmoor works.",
        "credit": "Sunita Vale / The Riverside Ledger",
        "alt": (
            "A young woman in a lab coat and safety glasses holds a test tube up to the light in a "
            "laboratory."
        ),
        "kind": "published",
        "correction": (
            "An earlier version of this article said the works supplies 300,000 people; the "
            "correct figure is around 200,000."
        ),
    },
    {
        "section": "business",
        "headline": "Covered market stallholders push back against a proposed rent increase",
        "standfirst": (
            "The council wants to raise stall rents by 12 per cent to help pay for roof repairs. "
            "Traders say the rise would drive small businesses out of the market hall."
        ),
        "authors": ["tomasz-erdely"],
        "tags": ["small-business", "food", "city-council"],
        "body": [
            "Stallholders at Alder Bay’s covered market have objected to a proposed 12 per cent "
            "increase in rents, which the council says is needed to help pay for urgent repairs "
            "to the market hall roof. The Victorian hall houses around 50 stalls, including "
            "butchers, greengrocers, a fishmonger, a key cutter and several small cafés and "
            "street food traders.",
            "The council, which owns the market, says water has been leaking through the glass "
            "roof in several places and that repairs will cost around £1.2m. It proposes to pay "
            "for most of the work from its own budget, with a quarter of the cost recovered "
            "through higher rents over ten years. Rents have not been increased for four years.",
            "## Traders’ concerns",
            "Traders say their businesses are already under pressure from higher energy and "
            "wholesale costs, and that many operate on very thin margins. The chair of the market "
            "traders’ association said some long-standing stallholders had told her they would "
            "leave if the increase went ahead. She said traders supported the repairs but wanted "
            "the increase phased in over several years.",
            "Shoppers the Ledger spoke to were sympathetic to the traders. Several said the market "
            "was one of the few places in the city centre where they could buy fresh food at "
            "reasonable prices and talk to the people who sold it. The council’s cabinet will "
            "consider the proposal next month, along with the results of a consultation with "
            "stallholders.",
        ],
        "caption": "Stallholders in the covered market hall, beneath its Victorian glass roof.",
        "credit": "Marek Dunmore / The Riverside Ledger",
        "alt": (
            "Fruit and vegetable stalls under a high glass and iron roof, with a bucket catching "
            "drips in the aisle."
        ),
        "kind": "published",
        "correction": "",
    },
    {
        "section": "business",
        "headline": "Bike repair co-operative expands into a second workshop in Eastside",
        "standfirst": (
            "The co-operative, which refurbishes donated bikes and teaches repair skills, has "
            "doubled its space and plans evening classes for beginners."
        ),
        "authors": ["tomasz-erdely"],
        "tags": ["cycling", "small-business", "community-groups"],
        "body": [
            "A bike repair co-operative that started in a railway arch five years ago has opened "
            "a second workshop on Corwen Street in Eastside. The co-operative repairs bikes for "
            "paying customers and refurbishes donated bikes, which it sells at low prices or "
            "gives to people referred by job centres, refugee support groups and youth services.",
            "The business now employs six mechanics, all of whom are members of the co-operative "
            "and share decisions about how it is run. Its founder said demand for repairs had "
            "grown steadily as more people in the city had started cycling to work, helped by new "
            "protected cycle lanes on two main roads into the centre.",
            "The new workshop will host evening classes for beginners, covering basic maintenance "
            "such as fixing punctures, adjusting brakes and looking after chains. There will also "
            "be a women-only session on Tuesday evenings, in response to requests from customers, "
            "and a weekend session for young people aged twelve to sixteen with an adult.",
            "The co-operative has received more than 300 donated bikes in the past year and says "
            "it could handle more. Anyone wishing to donate can drop bikes off at either "
            "workshop, and there is no need for them to be in working order. Bikes that cannot be "
            "repaired are stripped for parts, and the remaining metal is recycled.",
        ],
        "caption": "A mechanic adjusts brakes at the co-operative’s new Eastside workshop.",
        "credit": "Jonah Pell / The Riverside Ledger",
        "alt": (
            "A mechanic in an apron adjusts the brakes of a bicycle on a repair stand in a "
            "workshop full of parts."
        ),
        "kind": "published",
        "correction": "",
    },
    {
        "section": "business",
        "headline": "Late-night venues ask for a say in the council’s licensing review",
        "standfirst": (
            "Bars, music venues and takeaways want to be consulted before the council changes "
            "its licensing policy. Residents’ groups want tighter controls on late opening."
        ),
        "authors": ["tomasz-erdely", "priya-halden"],
        "tags": ["music", "small-business", "city-council"],
        "body": [
            "Owners of bars, music venues and late-night takeaways in Alder Bay have asked to be "
            "fully involved in a review of the council’s licensing policy, which sets out how "
            "applications for late opening hours and live music are decided. The review, which "
            "takes place every five years, is expected to begin in the spring and last several "
            "months.",
            "A group representing around 40 late-night businesses says the night-time economy "
            "employs more than 2,000 people in the city, many of them young people and students. "
            "Its spokesperson said venues had worked hard to improve safety and reduce noise, and "
            "wanted a policy that recognised the contribution they made to the city’s culture and "
            "economy.",
            "Residents’ groups in the city centre and the Old Mill Quarter, where several venues "
            "are close to flats, have asked for stricter controls on noise and later opening "
            "hours. They say that late-night noise, litter and anti-social behaviour have become "
            "more common as more people have moved into new housing near the bars and venues on "
            "the riverside.",
            "The council’s licensing team said it wanted to hear from everyone affected, and "
            "would hold separate meetings with businesses and residents before publishing a draft "
            "policy for consultation. It said a balance needed to be struck between a lively city "
            "centre and the right of residents to a reasonable night’s sleep, and that it would "
            "publish all responses.",
        ],
        "caption": "Tanners Row on a Friday night, home to several bars and music venues.",
        "credit": "Luca Wren / Northlight Photo Agency",
        "alt": (
            "People queue outside a lit music venue on a narrow city street at night, with bar "
            "signs glowing along it."
        ),
        "kind": "draft",
        "correction": "",
    },
    {
        "section": "business",
        "headline": "Rate relief opens for shops and cafés hit by the Weir Lane bridge closure",
        "standfirst": (
            "Businesses within 500 metres of the bridge can apply for a three-month reduction in "
            "business rates to help them through six weeks of repair works."
        ),
        "authors": ["tomasz-erdely"],
        "tags": ["small-business", "budget", "transport"],
        "body": [
            "Small businesses affected by the closure of Weir Lane bridge can now apply for "
            "temporary relief from business rates. The council has agreed to reduce rates by half "
            "for three months for eligible shops, cafés and other businesses within 500 metres of "
            "the bridge. The bridge closes to vehicles for six weeks of repairs from 3 June.",
            "To qualify, businesses must have a rateable value below a set threshold, be trading "
            "from premises in the eligible area and be able to show that they rely on passing "
            "trade. The council says around 80 businesses are likely to be eligible. Applications "
            "can be made online or by post, and the council’s business support team can help "
            "with the form.",
            "Traders on Weir Lane welcomed the scheme but said they were still worried about "
            "losing customers during the busy early summer period. The owner of a gift shop said "
            "she had lost around a third of her trade during a shorter closure for emergency "
            "repairs four years ago, and that it had taken her more than a year to recover.",
            "The council says it will also put up signs telling visitors that Weir Lane "
            "businesses remain open, and will promote them on its social media channels during "
            "the closure. Applications for rate relief close two weeks after the bridge reopens. "
            "Businesses outside the eligible area that believe they have been affected can ask "
            "for their case to be considered.",
        ],
        "caption": "Shops on Weir Lane, close to the bridge that will shut for repairs.",
        "credit": "Amira Soto / The Riverside Ledger",
        "alt": (
            "A short street of small shops, including a gift shop and a café, leading towards an "
            "old iron road bridge."
        ),
        "kind": "published",
        "correction": "",
    },
    # --------------------------------------------------------------- Culture
    {
        "section": "culture",
        "headline": "Civic museum reopens with a gallery devoted to the river’s working past",
        "standfirst": (
            "After a two-year refurbishment, the museum’s new River Gallery tells the stories of "
            "the boatbuilders, ropemakers, dockers and ferry crews who shaped Alder Bay."
        ),
        "authors": ["priya-halden"],
        "tags": ["heritage", "river-alder", "arts", "harbour"],
        "body": [
            "Alder Bay’s civic museum has reopened after a two-year refurbishment, with a new "
            "gallery dedicated to the people who worked on and around the River Alder. The River "
            "Gallery occupies the whole of the museum’s ground floor and brings together objects "
            "that have spent decades in storage, including ship models, rope-making tools and a "
            "restored ferry bell.",
            "Curators spent a year recording conversations with former boatbuilders, dockers, "
            "ropemakers and ferry crews, and their voices can be heard throughout the gallery. "
            "One recording features a woman who worked as a riveter at the shipyard in the 1950s, "
            "describing the noise of the yard and the songs workers sang on the walk home along "
            "the Quayside.",
            "## Free entry and longer hours",
            "Entry to the museum remains free, and it will now open until 8pm on Thursdays. The "
            "refurbishment, which cost £3.4m, was funded by a national heritage grant, the "
            "council and a fundraising appeal that attracted donations from more than 1,000 "
            "people. The building also has a new lift, accessible toilets and a small café "
            "overlooking the museum garden.",
            "The museum’s director said the aim was to create a place where people who grew up "
            "in Alder Bay could recognise their own families’ stories, and where newcomers could "
            "understand how the city came to be. A learning programme for schools will begin "
            "next term, and a series of free evening talks starts next month.",
        ],
        "caption": "Visitors explore the new River Gallery at the civic museum.",
        "credit": "Sunita Vale / The Riverside Ledger",
        "alt": (
            "Visitors look at a large wooden ship model in a glass case, with old photographs on "
            "the gallery walls."
        ),
        "kind": "published",
        "correction": "",
    },
    {
        "section": "culture",
        "headline": "Eastside library’s writing group publishes its first anthology of stories",
        "standfirst": (
            "Twenty-two writers aged from 16 to 87 have contributed stories, poems and memories "
            "to the collection, which will be launched at the library next week."
        ),
        "authors": ["priya-halden"],
        "tags": ["libraries", "arts", "community-groups"],
        "body": [
            "A writing group that meets every Thursday evening at the Eastside library has "
            "published its first anthology. The book, called Between the Bridges, contains "
            "stories, poems and short memoirs by 22 writers, the youngest of whom is 16 and the "
            "oldest 87. Many of the pieces are set in Alder Bay, and several describe "
            "neighbourhoods that have changed beyond recognition.",
            "The group was started four years ago by a retired English teacher who wanted to "
            "create a space for people to write without feeling judged. It now has around thirty "
            "regular members. Some have been writing for decades, while others had never written "
            "anything longer than a shopping list before they arrived. Sessions are free and open "
            "to anyone.",
            "> ‘The rule is simple: everyone reads, everyone listens, and nobody apologises for "
            "their work,’ said the group’s founder. ‘Some of the pieces in this book made the "
            "whole room go quiet when they were first read aloud. I wanted people across the city "
            "to be able to read them too, and the library has been a wonderful home for us.’",
            "The anthology was printed with the help of a small grant from the council’s "
            "community arts fund, and copies will be available to borrow from every library in "
            "the city. Copies can also be bought at the launch, with the money going towards the "
            "group’s next project. The launch takes place at the Eastside library next Thursday "
            "evening.",
        ],
        "caption": "Members of the writing group read from the anthology at the Eastside library.",
        "credit": "Hana Brookes / The Riverside Ledger",
        "alt": (
            "A woman reads aloud from a small paperback to a seated circle of people in a library "
            "meeting room."
        ),
        "kind": "published",
        "correction": "",
    },
    {
        "section": "culture",
        "headline": "Riverside festival returns with a smaller site and a free family day",
        "standfirst": (
            "After a year off, the festival will fill part of Kestrel Park for two days in July, "
            "with local bands on the main stage and a free Sunday aimed at families."
        ),
        "authors": ["priya-halden"],
        "tags": ["music", "arts", "parks"],
        "body": [
            "The Riverside festival will return to Kestrel Park in July after a year’s break, its "
            "organisers have announced. The festival, which has run in various forms for more "
            "than twenty years, was cancelled last year after rising costs and poor ticket sales "
            "left it facing a significant loss. This year’s event will be smaller and more "
            "focused on local performers.",
            "The main stage will feature bands and musicians from Alder Bay and the surrounding "
            "area on the Saturday, with tickets priced at £15 for adults and £5 for under-16s. On "
            "the Sunday, entry will be free, with a programme of family activities including "
            "circus workshops, storytelling, a children’s choir and a dog show organised by a "
            "local animal rescue charity.",
            "## A smaller footprint",
            "The festival will use about half the space it occupied in previous years, leaving "
            "the rest of the park open to the public throughout the weekend. Organisers said this "
            "would reduce costs and limit disruption for people who use the park. The event will "
            "close by 10pm on both nights, following complaints about late noise from residents "
            "at previous festivals.",
            "The festival is run by a community interest company with a small paid team and more "
            "than a hundred volunteers. Its director said the organisers had listened to feedback "
            "and wanted to rebuild the festival as something that belonged to the city. "
            "Volunteers are still needed for stewarding, litter picking and running the "
            "information tent.",
        ],
        "caption": "Crowds in Kestrel Park at a previous Riverside festival.",
        "credit": "Fergus Lyle / Estuary Pictures",
        "alt": (
            "A crowd on grass in front of an outdoor stage at dusk, with bunting strung between "
            "trees and a band playing."
        ),
        "kind": "published",
        "correction": "",
    },
    {
        "section": "culture",
        "headline": "Old Mill Quarter mural project invites residents to choose the designs",
        "standfirst": (
            "Five artists have drawn up proposals for three blank walls in the neighbourhood. "
            "Residents can vote for their favourites at the community centre or online."
        ),
        "authors": ["priya-halden", "owen-fairbairn"],
        "tags": ["arts", "planning", "young-people"],
        "body": [
            "Residents of the Old Mill Quarter are being asked to help choose designs for three "
            "large murals that will be painted on blank walls in the neighbourhood this summer. "
            "Five artists, all of whom live or work in Alder Bay, have produced proposals, and "
            "printed versions are on display at the Old Mill community centre until the end of "
            "the month.",
            "The designs include a scene showing the neighbourhood’s history as a centre of "
            "textile production, an abstract piece inspired by the movement of the river, and a "
            "portrait series featuring residents of different ages. Two of the artists ran "
            "workshops with pupils at local schools, and several of the children’s drawings have "
            "been included in the final proposals.",
            "> ‘A lot of public art arrives in a neighbourhood without anyone being asked,’ said "
            "one of the artists, who has lived in the Old Mill Quarter for fifteen years. ‘This "
            "time the people who walk past these walls every day will decide what goes on them. "
            "That matters to me, and I think it will make people feel more protective of the work "
            "once it is finished.’",
            "The project is funded by the council’s community arts fund and a contribution from "
            "the housing association that owns two of the walls. Residents can vote at the "
            "community centre or online, and the results will be announced next month. Painting "
            "is expected to begin in June, and residents will be invited to help with some of the "
            "background work.",
        ],
        "caption": (
            "One of the three walls in the Old Mill Quarter that will be painted this summer."
        ),
        "credit": "Jonah Pell / The Riverside Ledger",
        "alt": (
            "A large blank brick wall at the end of a terrace, with a child pointing at mural "
            "designs pinned beside it."
        ),
        "kind": "published",
        "correction": "",
    },
    {
        "section": "culture",
        "headline": "Youth orchestra secures three more years of funding for free music lessons",
        "standfirst": (
            "The Alder Bay Youth Orchestra, which offers free instruments and tuition to children "
            "in five neighbourhoods, has won a £240,000 grant from a national arts fund."
        ),
        "authors": ["priya-halden"],
        "tags": ["music", "young-people", "schools"],
        "body": [
            "A youth orchestra that provides free instruments and music lessons to children in "
            "five Alder Bay neighbourhoods has secured funding for another three years. The Alder "
            "Bay Youth Orchestra has been awarded £240,000 by a national arts fund, which will "
            "allow it to continue working with around 350 children a week in schools and "
            "community centres.",
            "The orchestra was founded eight years ago by a group of music teachers who were "
            "concerned that children from low-income families were missing out on learning an "
            "instrument. Children join at the age of seven and can stay until they are eighteen. "
            "Many of its older members now help to teach the younger ones, and several have gone "
            "on to study music.",
            "Parents say the orchestra has given their children confidence as well as musical "
            "skills. One mother said her son, who had struggled to settle at secondary school, "
            "had found a group of friends through the orchestra’s brass section. Another said her "
            "daughter now practised the violin every evening without being asked, which she "
            "described as a small miracle.",
            "The new funding will allow the orchestra to start a group in a sixth neighbourhood, "
            "Lowmoor, from September. It is looking for volunteers to help with instrument "
            "repairs, transport to concerts and administration. The orchestra’s summer concert, "
            "featuring all of its groups, will take place at the Lamplighter theatre in July, and "
            "tickets are free.",
        ],
        "caption": "Young musicians rehearse with the Alder Bay Youth Orchestra.",
        "credit": "Sunita Vale / The Riverside Ledger",
        "alt": (
            "Children holding violins and cellos follow a conductor during a rehearsal in a school "
            "hall."
        ),
        "kind": "published",
        "correction": "",
    },
    {
        "section": "culture",
        "headline": "The Lamplighter theatre marks its centenary with a season of local stories",
        "standfirst": (
            "The theatre, which opened as a music hall in 1925, will stage five new plays about "
            "Alder Bay, each developed with residents of a different neighbourhood."
        ),
        "authors": ["priya-halden"],
        "tags": ["arts", "heritage", "community-groups"],
        "body": [
            "The Lamplighter theatre on Tanners Row is celebrating its hundredth birthday with a "
            "season of five new plays about Alder Bay. Each play has been developed over the past "
            "year by a professional writer working with residents of a different neighbourhood, "
            "who shared memories, stories and ideas in workshops held in community centres and "
            "libraries.",
            "The theatre opened in 1925 as a music hall and has since been a cinema, a bingo hall "
            "and, briefly in the 1980s, a furniture warehouse. It was saved from demolition by a "
            "local campaign and reopened as a theatre in 1994. It now stages around 200 "
            "performances a year, from touring productions to amateur dramatics and pantomime.",
            "## Plays from five neighbourhoods",
            "The season opens in September with a play set on the Fenwick estate, following three "
            "generations of one family over fifty years. Later plays include a comedy about a "
            "Northside allotment society, a drama set during the floods of nine years ago and a "
            "musical piece developed with the Alder Bay Youth Orchestra. Several residents who "
            "took part in workshops will appear on stage.",
            "Tickets for the season go on sale next month, with a pay-what-you-can performance "
            "for every play. The theatre will also hold an open day in August, when visitors can "
            "tour the building, including the restored ceiling of the original music hall and "
            "the small archive of programmes and photographs that volunteers have gathered over "
            "the decades.",
        ],
        "caption": "The Lamplighter theatre on Tanners Row, which opened as a music hall in 1925.",
        "credit": "Luca Wren / Northlight Photo Agency",
        "alt": (
            "The ornate cream frontage of an old theatre with a lit canopy and poster frames, on a "
            "narrow street at dusk."
        ),
        "kind": "published",
        "correction": "",
    },
    {
        "section": "culture",
        "headline": "Oral history project gathers memories of the city’s last shipyard",
        "standfirst": (
            "Volunteers have recorded more than 60 interviews with former shipyard workers and "
            "their families. The recordings will be kept at the city archive and library."
        ),
        "authors": ["owen-fairbairn"],
        "tags": ["heritage", "harbour", "libraries"],
        "body": [
            "Volunteers have recorded more than 60 interviews with people who worked at Alder "
            "Bay’s last large shipyard, which closed more than forty years ago. The oral history "
            "project, run by the city archive with a local history society, aims to preserve "
            "memories of the yard before they are lost. The youngest interviewee is 64 and the "
            "oldest is 96.",
            "The interviews cover everything from apprenticeships and working conditions to the "
            "social life that grew up around the yard, including its football teams, brass band "
            "and annual trip to the coast. Several interviewees describe the day the closure was "
            "announced, and the years of uncertainty that followed for families across Southbank "
            "and the Quayside.",
            "The project has also recorded interviews with the wives, children and grandchildren "
            "of former workers, some of whom worked in the yard’s offices and canteens. "
            "Organisers say these voices are often missing from industrial history. One "
            "interviewee described how her mother had kept the family going during a long period "
            "of short-time working by taking in sewing.",
            "The recordings, along with photographs and documents lent by interviewees, will be "
            "kept at the city archive and made available to listen to at the central library. "
            "Extracts will be used in the civic museum’s new River Gallery. The project is still "
            "looking for people with memories of the yard who would like to be interviewed.",
        ],
        "caption": "A former shipyard worker looks through photographs during an interview.",
        "credit": "Amira Soto / The Riverside Ledger",
        "alt": (
            "An older man holds a black-and-white photograph of shipyard workers while a volunteer "
            "records the talk."
        ),
        "kind": "published",
        "correction": "",
    },
    {
        "section": "culture",
        "headline": "Grassroots music venue on Tanners Row saved by a community share offer",
        "standfirst": (
            "More than 900 people bought shares to buy the building that houses the Signal Box, a "
            "200-capacity venue that has hosted local bands for almost thirty years."
        ),
        "authors": ["priya-halden", "tomasz-erdely"],
        "tags": ["music", "small-business", "community-groups"],
        "body": [
            "The Signal Box, a 200-capacity music venue on Tanners Row, has been saved from "
            "closure after more than 900 people bought shares in a community company set up to "
            "buy its building. The share offer raised £410,000 in ten weeks, enough to buy the "
            "building from its owner, who had planned to sell it for conversion into flats.",
            "The venue has hosted local and touring bands for almost thirty years and is regarded "
            "by many musicians in the city as the place where they played their first proper "
            "gig. Its manager said the venue had survived lean years and rising costs but could "
            "not compete with the price offered by a developer for the building.",
            "Shares cost from £100, and each shareholder has one vote at the company’s annual "
            "meeting, regardless of how many shares they own. The venue will pay rent to the "
            "community company, which will use the income to maintain the building and pay a "
            "small annual return to shareholders once the roof and sound insulation have been "
            "improved.",
            "Musicians who played at the venue in its early years were among the first to buy "
            "shares, along with many current regulars. The venue’s manager said she had been "
            "overwhelmed by the response. The Signal Box will hold a celebration weekend next "
            "month, with performances by bands chosen by shareholders and a free afternoon show "
            "for under-18s.",
        ],
        "caption": "A band plays to a full room at the Signal Box on Tanners Row.",
        "credit": "Marek Dunmore / The Riverside Ledger",
        "alt": (
            "A four-piece band performs on a small low stage to a packed standing audience under "
            "red lights."
        ),
        "kind": "published",
        "correction": "",
    },
    {
        "section": "culture",
        "headline": "Summer reading challenge sets a record with 3,400 children taking part",
        "standfirst": (
            "Children in Alder Bay read more than 21,000 books over the summer holidays. "
            "Librarians say the challenge helps keep reading skills up before the new school year."
        ),
        "authors": ["priya-halden"],
        "tags": ["libraries", "schools", "young-people"],
        "body": [
            "A record 3,400 children took part in the summer reading challenge at Alder Bay’s "
            "libraries this year, reading more than 21,000 books between them. The challenge, "
            "which encourages children aged four to eleven to read six library books over the "
            "summer holidays, is free and open to any child who joins the library.",
            "Children who complete the challenge receive stickers, a medal and a certificate, "
            "presented in school assemblies in the autumn. Librarians visited every primary "
            "school in the city before the summer to promote the challenge, and organised extra "
            "activities such as storytelling sessions, craft workshops and author visits at "
            "branch libraries during the holidays.",
            "Teachers say children who read regularly over the summer are less likely to lose "
            "reading skills during the long break. The head of libraries said the increase in "
            "participation was partly due to closer work with schools and partly due to word of "
            "mouth among parents. The Eastside and Northside branches saw the largest increases "
            "in sign-ups.",
            "Librarians also noticed more interest from older children and teenagers, who are too "
            "old for the challenge itself. The library service plans to trial a separate "
            "challenge for children aged twelve to fourteen next summer, with input from a group "
            "of young readers. Anyone wishing to volunteer with next year’s challenge can "
            "register their interest at any branch.",
        ],
        "caption": "Children collect medals for completing the summer reading challenge.",
        "credit": "Hana Brookes / The Riverside Ledger",
        "alt": (
            "Smiling primary school children hold up certificates and medals in front of a "
            "colourful library display."
        ),
        "kind": "published",
        "correction": "",
    },
    {
        "section": "culture",
        "headline": "Review: a quietly moving new play about a family and a flooded house",
        "standfirst": (
            "High Water, at the Lamplighter until Saturday, follows a family in the weeks after "
            "their home floods. It is gentle, funny in places and deeply felt."
        ),
        "authors": ["priya-halden"],
        "tags": ["arts", "flooding"],
        "body": [
            "High Water, the new play at the Lamplighter theatre, takes place almost entirely in "
            "a kitchen. The kitchen belongs to the Marsh family, whose house in Lowmoor has just "
            "been flooded, and the play follows them over the six weeks it takes for the floors "
            "to dry, the insurers to visit and the family to decide whether they want to stay.",
            "The writer, who lives in Alder Bay and remembers the floods of nine years ago, "
            "resists the temptation to turn the story into a drama about disaster. Instead, the "
            "play is about small things: an argument over a ruined photograph album, a "
            "teenager’s embarrassment at sleeping in her grandmother’s spare room, a neighbour "
            "who turns up every day with soup.",
            "The cast of four is excellent, and the play is often very funny, particularly in the "
            "scenes between the father and a persistent but well-meaning loss adjuster. The set "
            "is simple but effective, with a tide line marked on the kitchen walls that seems to "
            "rise a little higher in the audience’s imagination as the evening goes on.",
            "If the final scene feels slightly rushed, it hardly matters. High Water is a warm, "
            "thoughtful piece of theatre that will mean a great deal to anyone who has lived "
            "through a flood, and much to those who have not. It runs at the Lamplighter until "
            "Saturday, with a relaxed performance on Thursday afternoon.",
        ],
        "caption": "A scene from High Water at the Lamplighter theatre.",
        "credit": "Fergus Lyle / Estuary Pictures",
        "alt": (
            "Two actors sit at a kitchen table on stage, with a brown tide line painted across the "
            "wall behind them."
        ),
        "kind": "published",
        "correction": "",
    },
    {
        "section": "culture",
        "headline": "Heritage open weekend: the buildings you can visit for free this year",
        "standfirst": (
            "Thirty-two buildings across Alder Bay will open their doors in September, including "
            "the old customs house, the water tower and the ropeworks before it is restored."
        ),
        "authors": ["priya-halden"],
        "tags": ["heritage", "arts", "libraries"],
        "body": [
            "Thirty-two buildings across Alder Bay will open to visitors free of charge during "
            "the city’s heritage open weekend in September. The annual event gives people the "
            "chance to see inside buildings that are usually closed to the public, or to take "
            "guided tours of familiar places with the people who look after them.",
            "Highlights this year include the old customs house on the Quayside, which has been "
            "closed since its last tenants moved out, and the Victorian water tower in Northside, "
            "where visitors can climb to the viewing platform in small groups. The former "
            "ropeworks in the Old Mill Quarter will also open before restoration work begins in "
            "the autumn.",
            "The central library will offer tours of its reading room and strongroom, where the "
            "city archive keeps documents dating back several centuries. The Lamplighter theatre "
            "will open its backstage areas, and the civic museum will run family trails through "
            "its new River Gallery. Several churches and chapels will also take part, some with "
            "organ recitals.",
            "Some tours need to be booked in advance because of limited space, and booking opens "
            "next month. Most buildings are accessible, but some, such as the water tower, "
            "involve steep stairs. Full details, including accessibility information for each "
            "building, will be published in a printed guide available from libraries and on the "
            "heritage weekend website.",
        ],
        "caption": "The old customs house on the Quayside, one of 32 buildings open this year.",
        "credit": "Luca Wren / Northlight Photo Agency",
        "alt": (
            "A grand stone building with columns and a clock above the entrance, overlooking a "
            "quiet riverside street."
        ),
        "kind": "scheduled",
        "correction": "",
    },
    # ----------------------------------------------------------------- Sport
    {
        "section": "sport",
        "headline": "Alder Bay Town reach the county cup final for the first time since 1998",
        "standfirst": (
            "A late header from their captain gave Town a 2-1 win over Harcourt Rovers in a tense "
            "semi-final watched by more than 2,000 supporters at Riverside Road."
        ),
        "authors": ["callum-brightwater"],
        "tags": ["football", "community-groups"],
        "body": [
            "Alder Bay Town are through to the county cup final for the first time in more than a "
            "quarter of a century, after beating Harcourt Rovers 2-1 in a tense semi-final at "
            "Riverside Road on Tuesday evening. The crowd of 2,143 was the largest at the ground "
            "for several years, with supporters queuing along the river path before kick-off.",
            "Town took the lead after twenty minutes when their young winger cut inside from the "
            "left and curled a shot into the far corner. Rovers, who play a division higher, "
            "levelled shortly before half-time from a penalty after a clumsy challenge in the "
            "box. The second half was scrappy, with both sides struggling on a heavy pitch.",
            "## A captain’s header",
            "With eleven minutes remaining, Town’s captain, a 34-year-old centre-back who has "
            "played more than 300 games for the club, rose highest at a corner to head the "
            "winning goal. He was mobbed by team-mates and by supporters who spilled briefly onto "
            "the edge of the pitch. Town then held on through five minutes of added time.",
            "The manager said afterwards that the result belonged to the whole club, including "
            "the volunteers who run the turnstiles, the tea bar and the youth teams. The final "
            "will be played at a neutral ground next month. The club says it will announce ticket "
            "arrangements shortly and expects to run coaches for supporters.",
        ],
        "caption": "Alder Bay Town’s captain celebrates the winning goal against Harcourt Rovers.",
        "credit": "Marek Dunmore / The Riverside Ledger",
        "alt": (
            "A footballer in a blue shirt runs towards cheering supporters behind a low fence, "
            "arms raised, under floodlights."
        ),
        "kind": "published",
        "correction": "",
    },
    {
        "section": "sport",
        "headline": "Women’s football team outgrows its pitch as player numbers triple",
        "standfirst": (
            "Alder Bay Town Women now has more than 180 registered players across its adult and "
            "youth teams, but only one pitch to train on, two evenings a week."
        ),
        "authors": ["callum-brightwater"],
        "tags": ["football", "parks", "young-people"],
        "body": [
            "Alder Bay Town Women, the women’s and girls’ section of the city’s main football "
            "club, has tripled its number of registered players in three years. It now runs two "
            "adult teams and seven youth teams, with more than 180 players aged from seven to "
            "fifty. But the section still has access to only one floodlit pitch for two evenings "
            "a week.",
            "Coaches say the growth began after a national tournament drew large television "
            "audiences and has continued as girls who joined then have brought their friends. "
            "Several schools in the city now run girls’ teams, and the section’s under-twelve "
            "squad has a waiting list for the first time. Training sessions are often shared "
            "between three teams on one pitch.",
            "> ‘It is a brilliant problem to have, but it is still a problem,’ said the section’s "
            "chair, who started playing for the club in her thirties. ‘We have girls turning up "
            "every week who want to play, and we are turning some of them away because we simply "
            "have nowhere to put them. We need more pitch time and better changing rooms.’",
            "The club has asked the council for access to additional pitches in Kestrel Park and "
            "on school sites in the evenings. The council said it was reviewing pitch bookings "
            "across the city and recognised the growth in women’s and girls’ football. The "
            "section is also looking for volunteer coaches, who will be given free training.",
        ],
        "caption": "Players from the under-twelve girls’ team train at Riverside Road.",
        "credit": "Jonah Pell / The Riverside Ledger",
        "alt": (
            "Girls in training bibs dribble footballs between cones on a floodlit pitch on a "
            "winter evening."
        ),
        "kind": "published",
        "correction": "",
    },
    {
        "section": "sport",
        "headline": "Rowing club opens its boathouse to schools for free taster sessions",
        "standfirst": (
            "Pupils from eight secondary schools will spend a term learning to row on the River "
            "Alder, in a scheme aimed at students who have never been in a boat."
        ),
        "authors": ["callum-brightwater", "bea-thornbury"],
        "tags": ["river-alder", "schools", "young-people"],
        "body": [
            "Alder Bay Rowing Club is inviting pupils from eight secondary schools to take part "
            "in free rowing sessions on the River Alder this term. The scheme is aimed at students "
            "who have never rowed before, and particularly at schools where few pupils have had "
            "the chance to take part in water sports. Sessions take place after school on "
            "Tuesdays and Thursdays.",
            "Pupils begin on indoor rowing machines in the boathouse before moving onto stable "
            "training boats on a calm stretch of the river above Kestrel Park weir. Every session "
            "is supervised by qualified coaches, with safety launches on the water. Pupils must "
            "pass a basic swimming assessment before going afloat, and the club provides "
            "buoyancy aids and all equipment.",
            "The club’s head coach said rowing had a reputation as an expensive sport, and that "
            "the club wanted to change that. Its membership has grown in recent years, but "
            "coaches noticed that most new members came from a small number of schools. The "
            "scheme is funded by a grant from a national sports charity and donations from club "
            "members.",
            "Teachers at one of the participating schools said pupils who had not shown much "
            "interest in sport were among the most enthusiastic. Pupils who want to continue "
            "after the taster term will be offered a free year of junior membership. The club "
            "also plans a summer regatta for schools, with races open to complete beginners.",
        ],
        "caption": "Pupils take their first strokes in a training boat above Kestrel Park weir.",
        "credit": "Fergus Lyle / Estuary Pictures",
        "alt": (
            "Four teenagers in buoyancy aids row a wide training boat on a calm river while a "
            "coach watches from a launch."
        ),
        "kind": "published",
        "correction": "",
    },
    {
        "section": "sport",
        "headline": "Docklands sports hub plans move forward despite concerns over rising costs",
        "standfirst": (
            "The council has approved the next stage of design for a £12m hub with indoor courts, "
            "a gym and artificial pitches, but warns that prices may rise further."
        ),
        "authors": ["callum-brightwater"],
        "tags": ["planning", "budget", "football", "public-health"],
        "body": [
            "Plans for a sports hub on a former warehouse site in the Docklands have moved a step "
            "closer after the council’s cabinet approved the next stage of detailed design work. "
            "The hub would include a sports hall with four indoor courts, a gym, two full-size "
            "artificial pitches and changing rooms, as well as a café and community meeting "
            "rooms.",
            "The estimated cost of the project has risen from £9m to £12m since it was first "
            "proposed two years ago, mainly because of higher construction prices. The council "
            "plans to pay for it through a mixture of borrowing, grants from national sports "
            "bodies and contributions from developers building new homes nearby. Officers warned "
            "that costs could rise further.",
            "## Clubs waiting for space",
            "> ‘We have clubs across the city training in school halls with low ceilings and on "
            "pitches that flood every winter,’ said the cabinet member for leisure. ‘This hub "
            "would give them proper facilities close to where people live. I understand the "
            "concerns about cost, and we will not go ahead unless the numbers work, but the need "
            "is real and it is growing.’",
            "Opposition councillors questioned whether the council could afford the borrowing at "
            "a time when it was making cuts elsewhere, and asked for a clear plan to cover running "
            "costs. Local clubs, including Alder Bay Town’s youth section and a netball league, "
            "said they would use the hub regularly. A final decision on construction is expected "
            "next year.",
        ],
        "caption": "The former warehouse site in the Docklands earmarked for the sports hub.",
        "credit": "Marek Dunmore / The Riverside Ledger",
        "alt": (
            "A cleared industrial site behind a fence, with a hoarding showing a drawing of a new "
            "sports building."
        ),
        "kind": "published",
        "correction": "",
    },
    {
        "section": "sport",
        "headline": "Saturday morning 5km run in Kestrel Park celebrates its 500th event",
        "standfirst": (
            "The free weekly run, organised entirely by volunteers, began with 38 runners almost "
            "ten years ago. More than 400 people took part in the anniversary event."
        ),
        "authors": ["callum-brightwater"],
        "tags": ["parks", "public-health", "community-groups"],
        "body": [
            "A free weekly 5km run in Kestrel Park celebrated its 500th event on Saturday, with "
            "more than 400 runners, joggers and walkers taking part. The run, which starts at 9am "
            "every Saturday by the boating lake, was set up almost ten years ago by a small group "
            "of friends. Just 38 people took part in the first event.",
            "The event is organised entirely by volunteers, who set out the course, marshal the "
            "route, time the runners and record results at the finish. More than 1,200 different "
            "people have volunteered at least once. Participants range from young children "
            "running with their parents to a retired postman who has completed more than 400 "
            "runs.",
            "Doctors at two local GP surgeries now suggest the run to patients who want to become "
            "more active, and several participants said they had started by walking the course "
            "before building up to running. The organisers say there is no pressure to run fast "
            "and that the last finisher is always cheered as loudly as the first.",
            "To mark the anniversary, runners were invited to wear fancy dress, and a cake in the "
            "shape of the park’s bandstand was shared after the finish. The organisers thanked "
            "the council’s parks team for its support and said the run was always looking for "
            "new volunteers, particularly people willing to walk at the back of the field.",
        ],
        "caption": "Runners set off from the boating lake for the 500th Saturday run.",
        "credit": "Jonah Pell / The Riverside Ledger",
        "alt": (
            "A large group of runners, some in fancy dress, start a run along a park path beside a "
            "boating lake."
        ),
        "kind": "published",
        "correction": "",
    },
    {
        "section": "sport",
        "headline": "Northside swimming pool reopens after renovation with a new learner pool",
        "standfirst": (
            "The pool closed for eighteen months for repairs to its roof and plant room. It "
            "reopens on Monday with longer hours and free lessons for older primary pupils."
        ),
        "authors": ["bea-thornbury"],
        "tags": ["public-health", "schools", "city-council"],
        "body": [
            "The Northside swimming pool will reopen on Monday after an eighteen-month renovation "
            "that has included a new roof, new heating and filtration equipment, and a separate "
            "learner pool for young children and beginners. The work was finished two weeks "
            "ahead of schedule and slightly under its £7.5m budget, according to the council.",
            "The pool had been closed since an inspection found that its roof needed urgent "
            "repairs. During the closure, swimmers and clubs had to travel to the leisure centre "
            "on the other side of the city, and some schools were unable to provide swimming "
            "lessons at all. Swimming clubs said they had lost members during the closure.",
            "## Catching up on lessons",
            "To help children catch up, the council will fund free swimming lessons for every "
            "Year 5 and Year 6 pupil in Northside who cannot yet swim 25 metres. The learner "
            "pool, which has a movable floor to adjust the depth, will be used for lessons in the "
            "mornings and for parent-and-toddler sessions in the afternoons.",
            "Opening hours have been extended, with early-morning sessions from 6.30am on "
            "weekdays and a women-only session on Sunday evenings. The pool will also host "
            "sessions for people with disabilities, supported by a local charity. An open day on "
            "Saturday will give residents a chance to look around the renovated building and try "
            "the new pool for free.",
        ],
        "caption": "The new learner pool at the renovated Northside swimming pool.",
        "credit": "Sunita Vale / The Riverside Ledger",
        "alt": (
            "A shallow, empty learner pool with blue tiles and floats stacked at the side, beneath "
            "a new timber roof."
        ),
        "kind": "published",
        "correction": "",
    },
    {
        "section": "sport",
        "headline": "Riverside time trial draws cyclists from across the region to Alder Bay",
        "standfirst": (
            "More than 150 riders took part in the cycle club’s annual ten-mile race along the "
            "river road, with the fastest times set by a local teenager and a veteran rider."
        ),
        "authors": ["callum-brightwater"],
        "tags": ["cycling", "river-alder"],
        "body": [
            "More than 150 riders from across the region took part in the Alder Bay Cycling "
            "Club’s annual riverside time trial on Sunday morning. The ten-mile course follows "
            "the river road from the Kestrel Park bridge to the estuary and back, with riders "
            "setting off at one-minute intervals and racing alone against the clock.",
            "The fastest time in the men’s race was set by a seventeen-year-old from the club’s "
            "own junior squad, who finished in just under twenty-two minutes. The women’s race "
            "was won by a rider in her fifties who has competed in the event for more than twenty "
            "years, and who set a new course record for her age group.",
            "The club’s secretary said the event depended on around forty volunteers, including "
            "marshals at every junction, and thanked residents along the river road for their "
            "patience while the course was in use. The road remains open to traffic during the "
            "race, and riders are briefed on safety before they start.",
            "The club, which has around 300 members, runs weekly rides for all abilities, "
            "including a slower social ride on Saturday mornings that finishes at a café in the "
            "Old Mill Quarter. Its junior section has grown quickly since new cycle lanes opened "
            "in the city, and the club is now looking for more qualified coaches.",
        ],
        "caption": "A rider on the river road during the Alder Bay Cycling Club time trial.",
        "credit": "Luca Wren / Northlight Photo Agency",
        "alt": (
            "A cyclist in a helmet and club kit crouches low over a road bike on a quiet riverside "
            "road lined with trees."
        ),
        "kind": "published",
        "correction": "",
    },
    {
        "section": "sport",
        "headline": "Grassroots clubs say pitch fees are pricing youth teams out of the game",
        "standfirst": (
            "The council plans to raise pitch hire charges by 15 per cent. Clubs say that could "
            "add around £40 a season to each child’s subscription."
        ),
        "authors": ["callum-brightwater", "dev-marchetti"],
        "tags": ["football", "budget", "young-people", "parks"],
        "body": [
            "Grassroots football clubs in Alder Bay have warned that a planned increase in pitch "
            "hire charges could force some youth teams to fold. The council has proposed raising "
            "the cost of hiring its grass pitches by 15 per cent next season as part of its "
            "efforts to close a budget gap, after several years in which charges have been "
            "frozen.",
            "Club secretaries say the increase would add an average of around £40 to each child’s "
            "annual subscription, on top of the cost of kit, boots and travel to away matches. "
            "Several clubs already offer reduced fees to families on low incomes and say they "
            "cannot absorb the higher charges without cutting those discounts or raising money "
            "elsewhere.",
            "## The council’s position",
            "The council said its pitches were expensive to maintain, particularly after wet "
            "winters, and that the current charges covered less than half of the cost. It said "
            "it had already protected junior pitches from a larger increase applied to adult "
            "teams, and that clubs could apply to a small community sports fund for help with "
            "costs.",
            "A coalition of twelve clubs has written to councillors asking for the increase to be "
            "delayed for a year while other options are explored, such as allowing clubs to take "
            "on the maintenance of some pitches themselves. The issue will be discussed at the "
            "council’s leisure committee later this month, and clubs have been invited to speak.",
        ],
        "caption": "A youth team’s Sunday morning match on a council pitch in Kestrel Park.",
        "credit": "Marek Dunmore / The Riverside Ledger",
        "alt": (
            "Young footballers chase the ball on a muddy grass pitch as parents in coats watch "
            "from the touchline."
        ),
        "kind": "published",
        "correction": "",
    },
    {
        "section": "sport",
        "headline": "Wheelchair basketball team returns from the national finals with bronze",
        "standfirst": (
            "The Alder Bay Wheelers, founded six years ago in a school sports hall, won the "
            "third-place play-off to take their first national medal."
        ),
        "authors": ["callum-brightwater"],
        "tags": ["community-groups", "young-people", "public-health"],
        "body": [
            "The Alder Bay Wheelers, the city’s wheelchair basketball club, have won bronze "
            "medals at the national club championships, their first national honour. The team won "
            "the third-place play-off by eight points on Sunday, after losing narrowly to the "
            "eventual champions in the semi-final the day before.",
            "The club was founded six years ago by a physiotherapist and a small group of players "
            "who had been travelling more than an hour to train elsewhere. It now has around "
            "forty members, including a junior squad, and trains twice a week in the sports hall "
            "of a secondary school in Southbank. Some players are disabled and some are not.",
            "Wheelchair basketball is played in specially designed chairs that are expensive to "
            "buy, and the club has relied on grants and fundraising to build up a set of chairs "
            "that new players can borrow. Its chair said the bronze medal would help the club "
            "attract sponsors and encourage more people, particularly young people, to try the "
            "sport.",
            "The team were welcomed home by family, friends and supporters at the school on "
            "Sunday evening. The club holds a free taster session on the first Saturday of every "
            "month, and no previous experience is needed. Anyone interested in playing, coaching "
            "or helping to run the club can contact it through the council’s sports development "
            "team.",
        ],
        "caption": "The Alder Bay Wheelers in action at the national club championships.",
        "credit": "Fergus Lyle / Estuary Pictures",
        "alt": (
            "Players in sports wheelchairs compete for the ball under a basketball hoop in a large "
            "indoor arena."
        ),
        "kind": "published",
        "correction": "",
    },
    {
        "section": "sport",
        "headline": "Alder Bay Town’s manager on the cup final, his squad and a long season",
        "standfirst": (
            "Ahead of the club’s biggest game in decades, the manager talks about part-time "
            "players, the youth set-up and why somebody still has to wash the kit on Sundays."
        ),
        "authors": ["callum-brightwater"],
        "tags": ["football", "young-people", "community-groups"],
        "body": [
            "Alder Bay Town’s manager is sitting in the small office under the main stand at "
            "Riverside Road, surrounded by boxes of programmes and a kettle that has seen better "
            "days. In a fortnight, his team will play in the county cup final for the first time "
            "since 1998. He admits that he has not been sleeping especially well.",
            "Most of his players are part-time. His squad includes a plumber, a trainee teacher, "
            "two university students and a delivery driver, and training takes place on Tuesday "
            "and Thursday evenings after work. He says this shapes everything about how the team "
            "prepares, from the length of sessions to how carefully he manages players who have "
            "been on their feet all day.",
            "He is proudest of the number of players who have come through the club’s youth "
            "teams. Five of the squad that beat Harcourt Rovers in the semi-final joined the club "
            "as children. He believes that is what gives Town its identity, and says he would "
            "rather lose with local players than win with a team assembled from elsewhere.",
            "Asked what the final would mean to the club, he paused for a long time. He said it "
            "would mean a great deal to the volunteers who keep the club running and to "
            "supporters who have followed Town through many difficult seasons. Then he laughed "
            "and said that, win or lose, somebody would still have to wash the kit on Sunday.",
        ],
        "caption": "Alder Bay Town’s manager in his office under the main stand at Riverside Road.",
        "credit": "Jonah Pell / The Riverside Ledger",
        "alt": (
            "A man in a club tracksuit sits at a cluttered desk beside boxes of match programmes "
            "and an old kettle."
        ),
        "kind": "draft",
        "correction": "",
    },
    {
        "section": "sport",
        "headline": "County cup final guide: tickets, travel and where to watch in Alder Bay",
        "standfirst": (
            "Town face Westerleigh Athletic on Saturday afternoon. Here is what supporters need "
            "to know, whether they are travelling to the match or watching in the city."
        ),
        "authors": ["callum-brightwater"],
        "tags": ["football", "transport"],
        "body": [
            "Alder Bay Town play Westerleigh Athletic in the county cup final on Saturday, with "
            "kick-off at 3pm at the county ground. It is Town’s first final since 1998, and the "
            "club expects around 1,500 supporters to travel. Tickets are still available from the "
            "club shop at Riverside Road until Friday evening and will not be sold on the day.",
            "The club is running six supporters’ coaches, leaving from Riverside Road at 12.15pm "
            "and returning straight after the match. Seats cost £12 for adults and £6 for "
            "under-16s and must be booked in advance. Trains run hourly from Alder Bay station, "
            "but supporters are advised to check for engineering works that may affect the return "
            "journey.",
            "For those who cannot travel, the match will be shown on a big screen at the "
            "Riverside Road clubhouse, where entry is free and families are welcome. Several pubs "
            "and cafés in the city centre have also said they will show the game. Local radio "
            "will provide full commentary, and the Ledger will publish live updates and a report.",
            "The club has asked supporters to travel safely and to respect the host ground and "
            "its neighbours. It reminds fans that flares and smoke devices are banned at the "
            "county ground. Whatever the result, the team will return to Riverside Road on "
            "Saturday evening, and the club has invited supporters to gather at the ground to "
            "welcome them home.",
        ],
        "caption": "Supporters’ coaches lined up at Riverside Road before a previous away match.",
        "credit": "Amira Soto / The Riverside Ledger",
        "alt": (
            "A row of coaches parked outside a small football ground, with fans in blue scarves "
            "waiting to board."
        ),
        "kind": "published",
        "correction": "",
    },
]

# Generic, section-neutral paragraphs used to synthesise bodies for bulk
# benchmark articles.
PARAGRAPHS: list[str] = [
    "On weekday mornings Tanners Bridge is busy long before the shops open. Commuters on bikes "
    "weave past delivery vans, dog walkers pause to watch the rowers below, and the first ferry "
    "of the day sounds its horn as it leaves the Quayside. For many residents, this short "
    "crossing is the moment the city properly wakes up.",
    "Alder Bay has grown steadily over the past two decades, and the changes are easy to see. "
    "New flats have risen on former industrial land along the river, while older terraces in "
    "Eastside and Lowmoor have been extended, divided and renovated. Long-standing residents say "
    "the city feels busier than it once did, though many add that it also feels more alive.",
    "Council officers say they receive thousands of enquiries each month, from questions about "
    "bin collections to requests for help with housing. Most are dealt with quickly, but some "
    "take weeks or months to resolve. Residents who feel that an issue has not been handled "
    "properly can make a formal complaint, and the council publishes a summary of complaints "
    "each year.",
    "Community centres play a larger role in Alder Bay than many visitors might expect. On a "
    "typical weekday, the same hall might host a toddler group in the morning, a lunch club for "
    "older residents at midday and a youth session in the evening. Most centres rely on a small "
    "paid staff and a much larger number of volunteers.",
    "The River Alder shapes the city in ways that are easy to take for granted. It divides "
    "neighbourhoods, determines where roads and bridges run, and has influenced which areas were "
    "built up first. It has also brought floods, trade and, more recently, a growing interest in "
    "swimming, paddling and wildlife from people who once barely noticed it.",
    "Residents asked about the city’s strengths often mention its size. Alder Bay is large "
    "enough to have a theatre, a university campus and a busy market, but small enough that "
    "people regularly bump into friends in the street. Several newcomers said they had felt at "
    "home within months, largely because of neighbours who made an effort.",
    "Like many places, Alder Bay has felt the effects of rising living costs. Advice services "
    "report more people asking for help with energy bills, rent arrears and debt, including "
    "households where both adults work. Charities say the picture varies widely between "
    "neighbourhoods, and that some families are reluctant to ask for help until problems have "
    "become serious.",
    "Public meetings in the city tend to attract a familiar mix of people: long-standing "
    "residents who have followed an issue for years, newcomers who have just discovered it, and "
    "a handful of councillors and officers who try to answer questions. Meetings can be lively, "
    "but most end with people staying behind to talk over cups of tea.",
    "Transport remains one of the most common topics in letters to the Ledger. Readers write "
    "about bus timetables, potholes, parking, cycle lanes and the ferry, often with strong and "
    "sometimes opposing views. What unites many of the letters is a sense that getting around "
    "the city should be simpler than it is, particularly for people without a car.",
    "The city’s libraries are used for far more than borrowing books. People come to print "
    "documents, apply for jobs, attend language classes, use the computers and, on cold days, "
    "simply to sit somewhere warm and quiet. Librarians say their role has changed considerably "
    "over the past decade, and that much of their work now involves helping people with online "
    "forms.",
    "Alder Bay’s population is younger than the national average, largely because of the "
    "university and the college. Thousands of students arrive every autumn, filling shared "
    "houses in Eastside and around the riverside campus. Their presence supports many local "
    "businesses, though residents in some streets say the balance between students and families "
    "has shifted too far.",
    "Local businesses in the city centre have had to adapt quickly in recent years. Some have "
    "moved online, others have shortened their opening hours, and several have found new "
    "customers by offering repairs, classes or events alongside their usual trade. Owners often "
    "say that loyal regular customers have made the difference between closing and surviving.",
    "Parks and green spaces are among the city’s most valued assets. Kestrel Park is the "
    "largest, but residents are equally attached to smaller spaces, such as pocket parks, "
    "allotments and the grassy banks along the river. In surveys, access to green space is "
    "consistently ranked among the things people most like about living in Alder Bay.",
    "Volunteering runs through much of city life. Volunteers staff the food bank, coach youth "
    "sports teams, run lunch clubs, clear litter from the river and help in schools and "
    "libraries. Organisers say the number of people willing to give time has held up well, "
    "although many groups struggle to find people willing to take on organising roles.",
    "The city’s older neighbourhoods were largely built for people who worked in the mills, the "
    "shipyard and the docks. Rows of small terraced houses still line the streets of Lowmoor and "
    "Southbank, many of them now home to young families. Some residents can trace their families "
    "back through several generations living within a few streets of the same house.",
    "Housing costs have risen faster than wages in Alder Bay over the past decade, and many "
    "residents say finding somewhere affordable to live is their biggest worry. Private rents "
    "have climbed sharply, and the waiting list for council and housing association homes has "
    "grown. Young people in particular say they fear they may need to leave the city to find a "
    "home.",
    "Schools in the city are a frequent source of pride and, occasionally, frustration. Parents "
    "praise the dedication of teachers and the range of clubs on offer, but many also worry "
    "about class sizes, building repairs and the pressure on special needs support. Headteachers "
    "say they are doing their best with budgets that have not kept up with costs.",
    "Weather has a noticeable effect on life in Alder Bay. In wet winters, river levels are "
    "watched closely and some roads near the water are prone to flooding. In hot summers, people "
    "crowd into the parks and onto the riverbanks, and the city’s few public fountains become "
    "unofficial paddling pools for children from nearby streets.",
    "Residents often describe the Saturday market as the city at its best. Stalls selling fruit, "
    "bread, cheese and plants fill the square outside the market hall, and many of the same "
    "traders have been coming for years. Regulars say the market is as much a place to meet "
    "people as to shop, and many stay for coffee long after their baskets are full.",
    "Council decisions can take a long time, and residents sometimes struggle to follow them. A "
    "proposal may be discussed at several committees, consulted on, revised and discussed again "
    "before a final decision is made. Officers say the process is designed to ensure decisions "
    "are properly scrutinised, though some residents say it can feel slow and difficult to "
    "influence.",
    "Many people in Alder Bay work outside the city centre, at the hospital, the distribution "
    "warehouses on the edge of Northside, the harbour and the university. Shift patterns mean "
    "that the city’s busiest times do not always match a typical working day, and employers and "
    "unions have long called for better early-morning and late-evening transport.",
    "Neighbourhood groups are an important part of local life. Some were founded to campaign on "
    "a single issue, such as a road closure or a planning application, and later broadened their "
    "interests. Others began as social groups and gradually took on practical projects. "
    "Together, they give residents a way to raise concerns and to get things done.",
    "Alder Bay’s cultural life extends well beyond its theatre and museum. There are choirs, "
    "amateur dramatic societies, book groups, craft circles and bands of every kind, many of "
    "which rehearse in church halls and community centres. Some have existed for decades, while "
    "others were started recently by people who wanted to try something new.",
    "The health of residents varies considerably from one part of the city to another. Public "
    "health reports show that life expectancy in the most deprived neighbourhoods is several "
    "years lower than in the most affluent. Health workers say the reasons are complex, "
    "involving housing, income, work and access to services, as well as individual "
    "circumstances.",
    "Some of the city’s most important work happens out of sight. Early in the morning, bin "
    "crews start their rounds, bakers light their ovens and cleaners finish night shifts at the "
    "hospital and offices. Many of these workers say they rarely feel noticed, though residents "
    "often say how much they value them when asked.",
    "Young people in Alder Bay are often described by adults as either a problem or a promise, "
    "but rarely asked for their own views. When they are asked, in school councils, youth forums "
    "or surveys, they tend to raise practical concerns: safe places to meet, affordable "
    "transport, part-time jobs and somewhere to live in the city when they grow up.",
    "The city changes character through the year. In spring, blossom lines the older streets and "
    "the rowing season gets under way. Summer brings festivals, outdoor eating and crowded "
    "riverbanks. In autumn, students return and the evenings draw in, and in winter the Quayside "
    "is strung with lights and the market sells hot food late into the evening.",
    "Much of what residents value about the city depends on public services that are under "
    "financial pressure. Libraries, parks, leisure centres and youth services are not protected "
    "by law in the same way as social care or bin collections, which means they are often among "
    "the first to be considered when the council needs to save money.",
    "For many people, their street is the most important part of the city. Neighbours share "
    "tools, take in parcels, watch each other’s houses during holidays and organise occasional "
    "street parties. Residents in several areas have set up group chats, which they say have "
    "made it easier to check on older neighbours and to share local news.",
    "Alder Bay’s history is visible everywhere for those who know where to look. Old warehouse "
    "cranes remain along the Quayside, faded painted signs can be seen on the sides of "
    "buildings, and street names recall trades that disappeared long ago. Local historians run "
    "regular walks for people who want to learn more about the city’s past.",
    "The city’s independent shops and cafés help give Alder Bay its character. Many are run by "
    "owners who live locally and know their customers by name. They face competition from large "
    "retailers and online shopping, and rising costs have made trading harder. Yet new "
    "businesses continue to open, often in small units that larger chains overlook.",
    "Residents regularly contact the Ledger with questions about decisions that affect them, and "
    "we try to answer as many as we can. Some questions lead to a short explainer; others lead "
    "to months of reporting. Readers can send questions through our website or by post, or raise "
    "them in person at our monthly open newsroom sessions.",
    "Getting involved in local decisions does not require any special knowledge. Residents can "
    "attend council meetings, respond to consultations, contact their ward councillors or join "
    "a residents’ association. Councillors say they value hearing directly from people, "
    "particularly those who do not usually take part, and that a short email can sometimes "
    "change the course of a discussion.",
    "Many families in Alder Bay rely on a network of support that is easy to overlook: "
    "grandparents who do the school run, neighbours who help with shopping, and friends who "
    "share childcare in the holidays. When that network breaks down, because of illness or a "
    "move, families often find that formal support is hard to find quickly.",
    "Sport is an everyday part of life in the city, from Saturday football in the parks to "
    "early-morning swimmers at the leisure centre. Clubs rely heavily on volunteers, and most "
    "are keen to welcome new members of any ability. Organisers say the biggest barriers to "
    "taking part are cost, transport and a lack of suitable facilities.",
    "The relationship between the city and its river has changed over time. For much of the "
    "twentieth century, the water was polluted and largely ignored, and many buildings turned "
    "their backs to it. Today, new homes and cafés face the river, paths run along much of its "
    "length, and residents increasingly see it as a place to spend time.",
    "New arrivals to Alder Bay come from many places, including other parts of the country and "
    "overseas. Community organisations offer language classes, advice and social events, and "
    "several schools run welcome sessions for families. Newcomers say that small acts of "
    "kindness, such as a neighbour’s invitation or a patient receptionist, make a lasting "
    "difference.",
    "Open data has made it easier to understand how the city is changing. The council now "
    "publishes figures on everything from planning applications to bin collections, and the "
    "Ledger uses these figures in much of its reporting. Numbers do not tell the whole story, "
    "but they can help show whether a problem is getting better or worse.",
    "Evenings in the city centre have changed in recent years. Some pubs have closed, while new "
    "cafés, small music venues and restaurants have opened. Late-night workers, students and "
    "residents all use the centre in different ways, and balancing their needs is an ongoing "
    "challenge for the council, for businesses and for the police.",
    "Despite its challenges, residents speak about Alder Bay with evident affection. They "
    "describe a city that is not perfect but is worth caring about, where people still stop to "
    "talk, where local campaigns can succeed, and where the river, the parks and the "
    "neighbourhoods give everyday life a character that is hard to find elsewhere.",
]

# Headline building blocks for bulk benchmark articles. Every subject is a
# singular project, plan or service, and every predicate describes a stage or
# reaction, so that any subject + " " + predicate reads as a headline.
HEADLINE_SUBJECTS: list[str] = [
    "Harbour ferry timetable overhaul",
    "Northside allotment expansion",
    "Eastside library extension",
    "Riverside cycle route plan",
    "Old Mill Quarter redevelopment",
    "Quayside flood barrier upgrade",
    "Late-night bus trial",
    "Market Street pedestrianisation plan",
    "School streets scheme",
    "Community energy project",
    "Waterfront housing proposal",
    "Street tree-planting programme",
    "Youth centre refurbishment",
    "Tenant advice service",
    "Food waste collection trial",
    "Weir Lane bridge repair",
    "Public toilet refurbishment programme",
    "Small business rate relief scheme",
    "Civic museum reopening plan",
    "Swimming pool renovation",
    "Town centre parking review",
    "Estuary wetland restoration",
    "Night-time economy strategy",
    "Affordable workspace scheme",
    "Street lighting upgrade",
    "Summer reading challenge",
    "Towpath resurfacing project",
    "Free school breakfast pilot",
    "Riverside festival proposal",
    "Rent deposit loan scheme",
    "Southbank playground project",
    "Community transport service",
    "Heritage trail proposal",
    "Council tax support scheme",
    "Home insulation grant scheme",
    "Docklands sports hub plan",
    "Neighbourhood warden pilot",
    "Bus station redevelopment",
    "Riverside walkway extension",
    "Eastside health hub proposal",
]

HEADLINE_PREDICATES: list[str] = [
    "faces a second review",
    "wins backing from councillors",
    "is delayed until the spring",
    "draws mixed reactions from residents",
    "gets a funding boost",
    "goes out to public consultation",
    "returns to the council agenda",
    "prompts questions at a packed meeting",
    "moves a step closer",
    "is paused while officers gather evidence",
    "splits opinion in the neighbourhood",
    "gets the green light after a long debate",
    "is sent back for more work",
    "wins praise in an independent report",
    "faces fresh scrutiny over costs",
    "is scaled back after feedback",
    "attracts hundreds of responses",
    "is put on hold for another year",
    "gains support from local businesses",
    "is criticised by a residents’ group",
    "heads to a committee vote",
    "is revised after a public meeting",
    "gets a new timeline",
    "secures a three-year grant",
    "faces questions over its future",
    "is to be examined by an independent panel",
    "earns a cautious welcome from campaigners",
    "is backed by most survey respondents",
    "is discussed at a ward forum",
    "is given a six-month extension",
    "is to be reconsidered next month",
    "draws a cautious response from traders",
    "is set out in a new council report",
    "is questioned by the scrutiny panel",
    "comes under the spotlight at a town hall meeting",
    "is welcomed by families",
    "wins cross-party support",
    "is delayed by a funding gap",
    "is pushed back to next year",
    "is cleared to go ahead",
]
