#pragma once
// Display rounding of the figures a planner reads (report and workbook), after InaSAFE's
// documented reporting rules: counts of people and assets are rounded *up* to whole numbers
// (an expected 0.3 damaged house reads as 1, never as 0), large counts of people to a step that
// grows with the number (1, 10, 100, 1,000), and Rupiah are shown in millions (juta). Exact
// values stay in the GeoPackage. A total is rounded once, after summing the exact values, so
// rounded rows need not add up to the rounded total (the tables say so). GDAL-free.

namespace jitupasna::core::rounding {

// The step people are rounded up to: 1 below 10, 10 below 1,000, 100 below 100,000, else 1,000.
double people_step(double people);

// A count of assets (houses, buildings, facilities): up to the next whole number. Values within
// 1e-6 of a whole number are that number (3.0000000001 is 3, not 4); 0 and negatives stay.
double round_count(double count);

// People (affected, displaced, fatalities, population): up to a whole number, then up to
// people_step of it. 7.2 -> 8, 123 -> 130, 1,234 -> 1,300, 123,456 -> 124,000.
double round_people(double people);

// Rupiah in juta (millions), to the nearest whole juta: 151,789,000,000 -> 151,789.
double rupiah_in_millions(double rupiah);

}  // namespace jitupasna::core::rounding
