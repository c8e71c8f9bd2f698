/**
 * Readings of Chinese characters used in Korean and Japanese names.
 *
 * A name written in Han characters may be Chinese (read in pinyin, done by pinyin-pro),
 * Korean (金正恩 = Kim Jong Un, read in Sino-Korean) or Japanese (山田太郎 = Yamada Taro, read
 * in Japanese). The script alone cannot tell which, so a Han name gets every reading whose
 * characters are all in these tables. The tables cover the characters most frequent in
 * Korean and Japanese personal names; names with rarer characters fall back to pinyin only.
 */

/** Sino-Korean readings, in the McCune-Reischauer-like spelling North Korean names use on the lists. */
export const HANJA_KOREAN: Record<string, string> = table([
  '金:kim 李:ri 朴:pak 崔:choe 鄭:jong 郑:jong 姜:kang 趙:jo 赵:jo 尹:yun 張:jang 张:jang 林:rim 韓:han 韩:han 吳:o 吴:o 徐:so',
  '申:sin 權:kwon 权:kwon 黃:hwang 黄:hwang 安:an 宋:song 柳:ryu 全:jon 洪:hong 高:ko 文:mun 梁:ryang 孫:son 孙:son 裵:pae 白:paek',
  '許:ho 许:ho 劉:ryu 刘:ryu 南:nam 沈:sim 盧:ro 卢:ro 河:ha 丁:jong 車:cha 车:cha 具:ku 郭:kwak 禹:u 朱:ju 任:im 閔:min 闵:min',
  '玄:hyon 方:pang 孔:kong 廉:ryom 邊:pyon 边:pyon 楊:yang 杨:yang 池:ji 太:thae 奇:ki 延:yon 魯:ro 桂:kye 嚴:om 严:om 元:won',
  '千:chon 正:jong 恩:un 日:il 成:song 哲:chol 男:nam 英:yong 永:yong 龍:ryong 龙:ryong 吉:gil 勇:yong 光:kwang 明:myong 賢:hyon',
  '贤:hyon 浩:ho 俊:jun 秀:su 洙:su 植:sik 國:guk 国:guk 基:gi 東:dong 东:dong 大:dae 德:dok 道:do 敏:min 民:min 善:son 世:se',
  '泰:thae 鎬:ho 萬:man 万:man 海:hae 漢:han 汉:han 鐵:chol 铁:chol 淑:suk 姬:hui 熙:hui 順:sun 顺:sun 玉:ok 花:hwa 子:ja 美:mi',
  '愛:ae 爱:ae 仁:in 義:ui 义:ui 忠:chung 孝:hyo 振:jin 鎭:jin 镇:jin 眞:jin 真:jin 珍:jin 春:chun 秋:chu 雪:sol 松:song 相:sang',
  '尙:sang 尚:sang 昌:chang 燦:chan 载:jae 載:jae 在:jae 宰:jae 奎:gyu 源:won 煥:hwan 焕:hwan 容:yong 應:ung 应:ung 雲:un 云:un',
  '榮:yong 荣:yong 錫:sok 锡:sok 碩:sok 硕:sok 石:sok 守:su 壽:su 寿:su 鳳:bong 凤:bong 奉:bong 範:bom 范:bom 弼:pil 學:hak 学:hak',
  '虎:ho 根:gun 烈:ryol 革:hyok 赫:hyok 峰:bong 峯:bong 珠:ju 主:ju 周:ju 柱:ju 一:il 二:i 三:sam 勝:sung 胜:sung 承:sung 昇:sung',
  '鍾:jong 钟:jong 宗:jong 鐘:jong 中:jung 重:jung 仲:jung 喆:chol 天:chon 川:chon 泉:chon 圓:won 遠:won 湜:sik 洛:rak 樂:rak',
  '乐:rak 勳:hun 勋:hun 薰:hun 訓:hun 训:hun 熏:hun 鉉:hyon 铉:hyon 炫:hyon 弘:hong 興:hung 兴:hung 沫:mal 希:hui 喜:hui 輝:hwi',
  '辉:hwi 仙:son 先:son 宣:son 鮮:son 鲜:son 雄:ung 鎔:yong 镕:yong 鏞:yong 有:yu 裕:yu 允:yun 潤:yun 润:yun 銀:un 银:un 殷:un 逸:il',
  '寅:in 麟:rin 台:thae 兌:thae 澤:thaek 泽:thaek 宅:thaek 平:phyong 坪:phyong 杓:phyo 表:phyo 豊:phung 豐:phung 丰:phung 必:pil',
  '夏:ha 翰:han 亨:hyong 炯:hyong 衡:hyong 惠:hye 慧:hye 昊:ho 好:ho 和:hwa 華:hwa 华:hwa 化:hwa 桓:hwan 會:hoe 会:hoe 悅:yol',
  '悦:yol 燁:yop 烨:yop 映:yong 暎:yong 蓮:ryon 莲:ryon 蘭:ran 兰:ran 良:ryang 亮:ryang 麗:ryo 丽:ryo 呂:ryo 吕:ryo 列:ryol 禮:rye',
  '礼:rye 福:bok 復:bok 复:bok 本:bon 富:bu 夫:bu 分:bun 芬:bun 斌:bin 彬:bin 氷:bing 冰:bing 秉:byong 炳:byong 丙:byong 兵:byong',
  '思:sa 四:sa 史:sa 士:sa 山:san 商:sang 祥:sang 瑞:so 星:song 盛:song 聖:song 圣:song 誠:song 诚:song 洗:se 小:so 昭:so 素:so',
  '修:su 淳:sun 純:sun 纯:sun 述:sul 崇:sung 時:si 时:si 始:si 詩:si 诗:si 信:sin 新:sin 伸:sin 心:sim 深:sim',
]);

/**
 * Japanese readings of kanji frequent in names; several readings where names use several
 * (田 is "ta" in Tanaka and "da" in Yamada). Long vowels are written short, as on the lists.
 */
export const KANJI_JAPANESE: Record<string, string[]> = multiTable([
  '山:yama 田:ta/da 中:naka 川:kawa/gawa 本:moto 木:ki/gi 村:mura 藤:fuji/to/do 井:i 野:no 小:ko/o 大:o/dai 高:taka',
  '林:hayashi/bayashi 松:matsu 佐:sa 伊:i 加:ka 吉:yoshi 石:ishi 上:ue/kami 下:shita 原:hara/wara 橋:hashi/bashi',
  '口:guchi/kuchi 島:shima/jima 岛:shima/jima 森:mori 池:ike 清:kiyo/kiyoshi 水:mizu 宮:miya 崎:saki/zaki 岡:oka 谷:tani/ya',
  '内:uchi 西:nishi 東:higashi 北:kita 南:minami 和:kazu/wa 子:ko 郎:ro 太:ta 一:ichi 二:ji 三:mitsu/san/zo 花:hana 美:mi 恵:e',
  '惠:e 佳:ka 香:ka 里:ri 奈:na 菜:na 真:ma/shin 麻:ma/asa 由:yu 優:yu 裕:yu 雄:o 夫:o 男:o 彦:hiko 人:to 介:suke 助:suke 輔:suke',
  '之:yuki 幸:yuki 弘:hiro 博:hiro 宏:hiro 浩:hiro 広:hiro 明:aki 昭:aki 秋:aki 章:aki 晃:aki 正:masa 雅:masa 昌:masa 政:masa',
  '健:ken 賢:ken 謙:ken 研:ken 信:nobu 伸:nobu/shin 直:nao 尚:nao 隆:taka 孝:taka 貴:taka 敬:taka 俊:toshi/shun 敏:toshi',
  '利:toshi 寿:toshi/hisa 英:hide 秀:hide/shu 義:yoshi 良:yoshi/ryo 芳:yoshi 善:yoshi 喜:yoshi 勝:katsu 克:katsu 達:tatsu',
  '竜:ryu 龍:ryu 剛:tsuyoshi/go 誠:makoto 茂:shigeru/shige/mo 勇:isamu 進:susumu 実:minoru 豊:yutaka 修:osamu/shu 学:manabu',
  '悟:satoru 聡:satoshi 智:tomo 友:tomo 知:tomo 朋:tomo 哲:tetsu 徹:toru 亮:ryo 涼:ryo 遼:ryo 太郎:taro 次:ji 治:ji/haru',
  '春:haru/shun 晴:haru 陽:haru/yo 夏:natsu 冬:fuyu 雪:yuki 月:tsuki 星:hoshi 光:mitsu 満:mitsu/man 充:mitsu 愛:ai 藍:ai 彩:aya',
  '絵:e 千:chi 百:momo 桃:momo 梅:ume 桜:sakura 菊:kiku 竹:take 武:take 平:hei/taira 安:yasu 康:yasu 泰:yasu 保:yasu 靖:yasu',
  '新:shin/ara 慎:shin 心:shin 成:nari/shige 重:shige 繁:shige 福:fuku 前:mae 後:go 長:naga 永:naga 久:hisa 金:kane 鈴:suzu',
  '杉:sugi 菅:suga 須:su 斎:sai 斉:sai 坂:saka/zaka 阪:saka 沢:sawa/zawa 澤:sawa/zawa 浜:hama 濱:hama 関:seki 荒:ara 今:ima',
  '若:waka 早:haya 速:haya 近:chika 遠:to 青:ao 赤:aka 白:shira 黒:kuro 緑:midori 屋:ya 宅:yake 部:be 辺:be/nabe 渡:wata 邊:be',
  '瀬:se 津:tsu 戸:to 門:kado 堀:hori 畑:hata 服:hatto 尾:o 手:te 足:ashi 目:me 葉:ha/ba/yo 根:ne 元:moto 守:mori 丸:maru 宗:mune',
  '麿:maro 文:fumi 史:fumi 典:nori 紀:nori 則:nori 徳:nori 法:nori 範:nori 規:nori 憲:nori 岩:iwa 松本:matsumoto 浅:asa 朝:asa',
  '阿:a 稲:ina 植:ue 宇:u 江:e 枝:e 佐藤:sato 福田:fukuda 市:ichi 日:hi 比:hi 樋:hi 星野:hoshino 晋:shin 晋三:shinzo 蔵:zo/kura 造:zo',
  '象:zo 増:masu 升:masu 益:masu 麗:rei 玲:rei 令:rei 怜:rei 奥:oku 沖:oki 興:oki 荻:ogi 織:ori 海:umi/kai 鳥:tori 草:kusa 桑:kuwa',
  '熊:kuma 倉:kura 栗:kuri 車:kuruma 工:ku 国:kuni 邦:kuni 州:shu 周:shu 駿:shun 純:jun 順:jun 潤:jun 淳:jun 准:jun 城:shiro/jo',
  '代:yo/dai 世:yo 与:yo 洋:yo/hiroshi 要:kaname 容:yo 蓉:yo 容子:yoko 横:yoko 米:yone 頼:yori 依:yori 寄:yori 舞:mai 麻衣:mai',
  '万:man 馬:ma 毛:mo 盛:mori 護:mori',
]);

/** "金:kim 李:ri" lines -> { 金: 'kim', 李: 'ri' }; the first reading of a character wins. */
function table(lines: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of lines) {
    for (const item of line.split(' ')) {
      const [chars, reading] = item.split(':');
      out[chars] ??= reading;
    }
  }
  return out;
}

/** "田:ta/da" lines -> { 田: ['ta', 'da'] }. */
function multiTable(lines: string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [chars, reading] of Object.entries(table(lines))) out[chars] = reading.split('/');
  return out;
}
