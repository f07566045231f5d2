//! The demo caseload's invented places and names: provinces, police stations with their
//! districts and courts, prisons with their lawyers, and common Pakistani first names and
//! surnames by province. Data only; `demo` draws from it.

use crate::domain::model::Weakness;
use Province::{Balochistan, Islamabad, Kp, Punjab, Sindh};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Province {
    Sindh,
    Punjab,
    Kp,
    Balochistan,
    Islamabad,
}

pub(super) struct Station {
    pub(super) name: &'static str,
    pub(super) district: &'static str,
    pub(super) province: Province,
    pub(super) courts: &'static [&'static str],
}

pub(super) struct Site {
    pub(super) prison: &'static str,
    /// Prefix of prisoner numbers in this prison.
    pub(super) code: &'static str,
    /// Relative share of the caseload.
    pub(super) weight: u32,
    pub(super) stations: &'static [Station],
    pub(super) lawyers: &'static [&'static str],
}

pub(super) const KARACHI_COURTS: &[&str] = &[
    "Special Court CNS Karachi-I",
    "Special Court CNS Karachi-II",
    "Sessions Court Karachi South",
    "Sessions Court Karachi West",
];
pub(super) const MALIR_COURTS: &[&str] = &[
    "Special Court CNS Karachi-III",
    "Sessions Court Malir",
    "Sessions Court Korangi",
];
pub(super) const RAWALPINDI_COURTS: &[&str] =
    &["Special Court CNS Rawalpindi", "Sessions Court Rawalpindi"];
pub(super) const ISLAMABAD_COURTS: &[&str] = &[
    "Sessions Court Islamabad West",
    "Sessions Court Islamabad East",
];
pub(super) const LAHORE_COURTS: &[&str] = &[
    "Special Court CNS Lahore-I",
    "Special Court CNS Lahore-II",
    "Sessions Court Lahore",
];
pub(super) const PESHAWAR_COURTS: &[&str] =
    &["Special Court CNS Peshawar", "Sessions Court Peshawar"];
pub(super) const QUETTA_COURTS: &[&str] = &["Special Court CNS Quetta", "Sessions Court Quetta"];

pub(super) const fn station(
    name: &'static str,
    district: &'static str,
    province: Province,
    courts: &'static [&'static str],
) -> Station {
    Station {
        name,
        district,
        province,
        courts,
    }
}

pub(super) const SITES: &[Site] = &[
    Site {
        prison: "Central Jail Karachi",
        code: "CJK",
        weight: 24,
        stations: &[
            station("PS Lyari", "Karachi South", Sindh, KARACHI_COURTS),
            station("PS Kharadar", "Karachi South", Sindh, KARACHI_COURTS),
            station("PS Sohrab Goth", "Karachi East", Sindh, KARACHI_COURTS),
            station("PS Gulshan-e-Iqbal", "Karachi East", Sindh, KARACHI_COURTS),
            station("PS Orangi Town", "Karachi West", Sindh, KARACHI_COURTS),
            station("PS Baldia", "Keamari", Sindh, KARACHI_COURTS),
            station("PS New Karachi", "Karachi Central", Sindh, KARACHI_COURTS),
        ],
        lawyers: &[
            "Saima Rauf",
            "Ali Raza Shah",
            "Farah Naz Memon",
            "Kamran Siddiqui",
        ],
    },
    Site {
        prison: "District Jail Malir",
        code: "DJM",
        weight: 14,
        stations: &[
            station("PS Shah Latif Town", "Malir", Sindh, MALIR_COURTS),
            station("PS Quaidabad", "Malir", Sindh, MALIR_COURTS),
            station("PS Malir City", "Malir", Sindh, MALIR_COURTS),
            station("PS Landhi", "Korangi", Sindh, MALIR_COURTS),
            station("PS Korangi Industrial Area", "Korangi", Sindh, MALIR_COURTS),
        ],
        lawyers: &["Saima Rauf", "Farah Naz Memon", "Irfan Jatoi"],
    },
    Site {
        prison: "Central Jail Adiala Rawalpindi",
        code: "ADL",
        weight: 18,
        stations: &[
            station("PS Waris Khan", "Rawalpindi", Punjab, RAWALPINDI_COURTS),
            station("PS Pirwadhai", "Rawalpindi", Punjab, RAWALPINDI_COURTS),
            station("PS Rawat", "Rawalpindi", Punjab, RAWALPINDI_COURTS),
            station("PS Saddar Baroni", "Rawalpindi", Punjab, RAWALPINDI_COURTS),
            station("PS Sabzi Mandi", "Islamabad", Islamabad, ISLAMABAD_COURTS),
            station("PS Golra", "Islamabad", Islamabad, ISLAMABAD_COURTS),
            station("PS Tarnol", "Islamabad", Islamabad, ISLAMABAD_COURTS),
        ],
        lawyers: &["Imran Qadir", "Ayesha Abbasi", "Bilal Kiani"],
    },
    Site {
        prison: "Camp Jail Lahore",
        code: "CJL",
        weight: 20,
        stations: &[
            station("PS Shahdara", "Lahore", Punjab, LAHORE_COURTS),
            station("PS Data Darbar", "Lahore", Punjab, LAHORE_COURTS),
            station("PS Ichhra", "Lahore", Punjab, LAHORE_COURTS),
            station("PS Ravi Road", "Lahore", Punjab, LAHORE_COURTS),
            station("PS Garhi Shahu", "Lahore", Punjab, LAHORE_COURTS),
            station("PS Township", "Lahore", Punjab, LAHORE_COURTS),
        ],
        lawyers: &["Usman Tariq", "Sana Bukhari", "Hira Chaudhry"],
    },
    Site {
        prison: "Central Jail Peshawar",
        code: "CJP",
        weight: 14,
        stations: &[
            station("PS Hayatabad", "Peshawar", Kp, PESHAWAR_COURTS),
            station("PS Gulbahar", "Peshawar", Kp, PESHAWAR_COURTS),
            station("PS Faqirabad", "Peshawar", Kp, PESHAWAR_COURTS),
            station("PS Tehkal", "Peshawar", Kp, PESHAWAR_COURTS),
            station("PS Pishtakhara", "Peshawar", Kp, PESHAWAR_COURTS),
            station("PS Jamrud", "Khyber", Kp, PESHAWAR_COURTS),
        ],
        lawyers: &["Kamran Afridi", "Shumaila Khattak", "Waqar Yousafzai"],
    },
    Site {
        prison: "District Jail Quetta",
        code: "DJQ",
        weight: 10,
        stations: &[
            station("PS Bijli Road", "Quetta", Balochistan, QUETTA_COURTS),
            station("PS Satellite Town", "Quetta", Balochistan, QUETTA_COURTS),
            station("PS Sariab", "Quetta", Balochistan, QUETTA_COURTS),
            station("PS Airport Road", "Quetta", Balochistan, QUETTA_COURTS),
            station("PS Kuchlak", "Quetta", Balochistan, QUETTA_COURTS),
        ],
        lawyers: &["Zainab Kakar", "Naseer Baloch"],
    },
];

/// Women arrested in Sindh are held here rather than in the men's prisons.
pub(super) const WOMENS_JAIL_KARACHI: (&str, &str) = ("Women's Jail Karachi", "WJK");

pub(super) const MALE_NAMES: &[&str] = &[
    "Muhammad Asif",
    "Muhammad Imran",
    "Muhammad Rafiq",
    "Muhammad Ramzan",
    "Ali",
    "Hassan",
    "Bilal",
    "Usman",
    "Kashif",
    "Zahid",
    "Shahid",
    "Naveed",
    "Waqas",
    "Adnan",
    "Faisal",
    "Tariq",
    "Arif",
    "Sajid",
    "Rashid",
    "Nadeem",
    "Javed",
    "Ghulam Rasool",
    "Ghulam Mustafa",
    "Abdul Rehman",
    "Abdul Sattar",
    "Abdul Ghafoor",
    "Allah Ditta",
    "Noor Muhammad",
    "Sher Ali",
    "Gul Khan",
    "Akbar",
    "Asghar",
    "Zubair",
    "Hamza",
    "Junaid",
    "Sohail",
    "Shakeel",
    "Irfan",
    "Yasir",
    "Khalid",
    "Saleem",
    "Aslam",
    "Akram",
    "Yousaf",
    "Mumtaz",
    "Bashir",
    "Nazir",
    "Riaz",
    "Amjad",
    "Fayyaz",
    "Jahangir",
    "Wali Muhammad",
    "Dost Muhammad",
    "Rehmat Ali",
    "Fazal Rabi",
    "Habib Ullah",
    "Karim Bakhsh",
    "Mehboob",
    "Sikandar",
    "Zeeshan",
];

pub(super) const FEMALE_NAMES: &[&str] = &[
    "Shazia", "Nasreen", "Rukhsana", "Parveen", "Samina", "Kausar", "Naseem", "Bushra", "Fozia",
    "Shabana", "Nazia", "Rubina", "Sadia", "Asma", "Farzana", "Zainab", "Sughra", "Razia", "Amina",
    "Maryam", "Hina", "Saima", "Rabia", "Tahira", "Nargis", "Gulnaz", "Shaheen", "Sakina",
];

/// Chosen names; many transgender people in Pakistan are known by a chosen name alone.
pub(super) const TRANSGENDER_NAMES: &[&str] = &[
    "Nayyab", "Shahzadi", "Reema", "Sobia", "Kiran", "Mehak", "Laila", "Sunaina",
];

pub(super) const SINDH_SURNAMES: &[&str] = &[
    "Memon", "Soomro", "Jatoi", "Shaikh", "Baloch", "Qureshi", "Siddiqui", "Khan", "Abbasi",
    "Chandio", "Brohi", "Solangi", "Mallah", "Ansari", "Pathan",
];
pub(super) const PUNJAB_SURNAMES: &[&str] = &[
    "Butt", "Chaudhry", "Awan", "Malik", "Gujjar", "Rajput", "Arain", "Bhatti", "Khokhar",
    "Mughal", "Sheikh", "Abbasi", "Qureshi", "Masih", "Kiani",
];
pub(super) const KP_SURNAMES: &[&str] = &[
    "Khan",
    "Afridi",
    "Yousafzai",
    "Khattak",
    "Shinwari",
    "Mohmand",
    "Orakzai",
    "Wazir",
    "Bangash",
    "Swati",
    "Durrani",
    "Gul",
];
pub(super) const BALOCHISTAN_SURNAMES: &[&str] = &[
    "Baloch", "Marri", "Bugti", "Kakar", "Achakzai", "Mengal", "Rind", "Tareen", "Kasi", "Jamali",
    "Raisani", "Changezi",
];

pub(super) const URDU_MALE_NAMES: &[&str] = &[
    "محمد آصف",
    "غلام رسول",
    "عبدالستار",
    "نور محمد",
    "شاہد حسین",
    "امجد علی",
    "اللہ دتہ",
    "محمد اقبال",
];
pub(super) const URDU_FEMALE_NAMES: &[&str] =
    &["نسرین بی بی", "رخسانہ", "شازیہ پروین", "کوثر بی بی"];
pub(super) const URDU_FATHER_NAMES: &[&str] = &[
    "محمد یوسف",
    "غلام قادر",
    "عبدالغفور",
    "محمد رمضان",
    "اللہ بخش",
    "فضل الرحمان",
];

pub(super) const BAIL_DISMISSED: &str = "bail application dismissed";

/// A past hearing: its purpose and what happened.
pub(super) const PAST_HEARINGS: &[(&str, &str)] = &[
    ("remand", "judicial remand extended"),
    ("bail application", BAIL_DISMISSED),
    (
        "bail application",
        "adjourned: record of the case not received",
    ),
    ("evidence", "adjourned: prosecution witness absent"),
    ("evidence", "adjourned: prosecution witness absent"),
    ("evidence", "adjourned: case property not produced"),
    ("evidence", "adjourned: chemical examiner's report awaited"),
    ("evidence", "adjourned: accused not produced from jail"),
    ("evidence", "adjourned: presiding officer on leave"),
    ("evidence", "adjourned: lawyers' strike"),
    ("charge", "charge framed; accused pleaded not guilty"),
];
pub(super) const DEFENCE_ADJOURNMENT: (&str, &str) =
    ("evidence", "adjourned: defence counsel sought time");

pub(super) const NOTES: &[&str] = &[
    "Family in contact; mother attends hearings",
    "No CNIC on file; identity documents requested from NADRA",
    "Says the parcel was handed over by someone else and the contents were not known",
    "Daily-wage labourer; family cannot afford a private lawyer",
    "Needs an interpreter at hearings",
    "Transferred from police lock-up after physical remand",
    "Asked for a medical examination at the jail hospital",
];

/// Weakness findings with their relative frequency (near-slab is added from the quantity).
pub(super) const WEAKNESSES: &[(Weakness, u32)] = &[
    (Weakness::SampleLate, 14),
    (Weakness::NoLabReport, 10),
    (Weakness::LabReportDefective, 10),
    (Weakness::CustodyChainGap, 12),
    (Weakness::PacketsNotSampled, 8),
    (Weakness::QuantityDisputed, 8),
    (Weakness::ProsecutionDelay, 10),
    (Weakness::NoIndependentWitness, 20),
    (Weakness::Other, 4),
];
