// Package english owns the index's general-purpose knowledge of English,
// which no article supplies: how common a word is, its usual part of
// speech, its synonyms and broader words, the other forms of irregular
// verbs, derivationally related words, the words of its definitions,
// compound splits, British and American spellings, the likeliest word a
// typo stands for, and a vector for each stem whose cosines say how related
// two meanings are.
//
// Everything is embedded, generated offline by ./internal/gen-english from
// SUBTLEX-US and Princeton WordNet 3.0 (see tables.go, lexicon.go and
// related.go), and read in place: nothing is downloaded, and no table is
// parsed before its first lookup. Words are lower case; stems are Snowball
// (Porter2) stems, as the index's analyzer computes them (Stem).
package english
