/**
 * Arabic-script names and letters. Arabic (and Persian, Urdu, Pashto) writing leaves out short
 * vowels, so محمد is "mhmd" letter by letter; the usual romanisation of the commonest names is
 * taken from this table instead, and other words are transliterated letter by letter (the
 * vowel-free phonetic key then does the rest).
 *
 * Keys are written without hamza seats and with Arabic yeh/kaf; `arabicKey()` folds a word to
 * that form before looking it up, so أحمد, احمد and Persian احمد all find "ahmad".
 */
const COMMON_WORDS = `
محمد:muhammad احمد:ahmad محمود:mahmud مصطفى:mustafa مصطفي:mustafa علي:ali على:ali عمر:umar عثمان:uthman حسن:hasan حسين:husayn
حسان:hassan عبد:abd عبدالله:abdullah الله:allah عبدالرحمن:abdulrahman الرحمن:rahman رحمن:rahman عبدالعزيز:abdulaziz العزيز:aziz
عبدالكريم:abdulkarim عبدالقادر:abdulqadir ابراهيم:ibrahim اسماعيل:ismail يوسف:yusuf خالد:khalid خليل:khalil سعيد:said سعد:saad
صالح:salih جمال:jamal جميل:jamil فاطمة:fatima فاطمه:fatima عائشة:aisha عايشة:aisha خديجة:khadija زينب:zaynab مريم:maryam يحيى:yahya
يحيي:yahya موسى:musa موسي:musa عيسى:isa عيسي:isa سليمان:sulayman طارق:tariq حمزة:hamza حمزه:hamza حامد:hamid رشيد:rashid وليد:walid
قاسم:qasim كريم:karim جعفر:jafar انور:anwar امين:amin مهدي:mahdi ناصر:nasir فيصل:faisal اسامة:usama اسامه:usama بشار:bashar بشير:bashir
عزيز:aziz نور:nur كمال:kamal مجيد:majid غلام:ghulam رحيم:rahim زكريا:zakariya يونس:yunus ادريس:idris الياس:ilyas داود:dawud ياسين:yasin
ياسر:yasir زياد:ziyad هشام:hisham عماد:imad ايمن:ayman مروان:marwan نبيل:nabil سامي:sami سمير:samir منصور:mansur محسن:muhsin بكر:bakr
ابو:abu ابي:abi بن:bin بنت:bint ابن:ibn خان:khan شاه:shah زاده:zadeh الدين:aldin الدين:aldin نصرالله:nasrallah حزب:hizb
قاسمي:qasimi حسيني:husseini سليماني:sulaymani بغدادي:baghdadi البغدادي:baghdadi الظواهري:zawahiri ظواهري:zawahiri لادن:ladin
اسد:asad الاسد:asad مخلوف:makhluf رامي:rami ماهر:mahir حافظ:hafiz خامنئي:khamenei خامنه:khamenei روحاني:rouhani رئيسي:raisi
سيد:sayyid جواد:javad ظريف:zarif رضا:reza علیرضا:alireza عليرضا:alireza مهدی:mahdi حسینی:husseini قاسم:qasim سلیمانی:sulaymani
`;

export const ARABIC_NAMES: Map<string, string> = new Map(
  COMMON_WORDS.trim()
    .split(/\s+/)
    .map((pair) => pair.split(':') as [string, string])
    .map(([word, latin]) => [arabicKey(word), latin]),
);

/** Folds spelling variants of Arabic-script letters so that one table key fits them all. */
export function arabicKey(word: string): string {
  return word
    .replace(/[\u064B-\u065F\u0670\u0640]/g, '') // short-vowel marks, tatweel
    .replace(/[أإآٱ]/g, 'ا')
    .replace(/[یى]/g, 'ي')
    .replace(/ک/g, 'ك')
    .replace(/ۀ/g, 'ه')
    .replace(/ه$/, 'ة'); // a closing heh often stands for teh marbuta (فاطمه = فاطمة)
}

/** Letter-by-letter romanisation; vowel letters become vowels only where they usually are. */
export const ARABIC_LETTERS: Record<string, string> = {
  ا: 'a', أ: 'a', إ: 'i', آ: 'a', ٱ: 'a', ب: 'b', ت: 't', ث: 'th', ج: 'j', ح: 'h', خ: 'kh', د: 'd', ذ: 'dh', ر: 'r', ز: 'z',
  س: 's', ش: 'sh', ص: 's', ض: 'd', ط: 't', ظ: 'z', ع: '', غ: 'gh', ف: 'f', ق: 'q', ك: 'k', ل: 'l', م: 'm', ن: 'n', ه: 'h',
  ة: 'a', ء: '', ئ: 'i', ؤ: 'u', ى: 'a', پ: 'p', چ: 'ch', ژ: 'zh', گ: 'g', ک: 'k', ٹ: 't', ڈ: 'd', ڑ: 'r', ں: 'n', ھ: 'h',
  ہ: 'h', ۃ: 'a', ے: 'e', ۓ: 'e', ۀ: 'e', ڤ: 'v', ڨ: 'g', ګ: 'g', ځ: 'dz', څ: 'ts', ښ: 'sh', ږ: 'zh', ړ: 'r', ڼ: 'n', ۍ: 'ai',
  ې: 'e', ټ: 't', ډ: 'd', ﻻ: 'la',
  '\u064E': 'a', '\u0650': 'i', '\u064F': 'u', // fatha, kasra, damma: written vowels when a name carries them
};
