package index
import ("testing";"fmt";"os";"bufio";"context";"encoding/json";"math";"github.com/articlebot/articlebot/corpus")
func TestCalib(t *testing.T){
 if os.Getenv("QS")==""{t.Skip()}
 path:=os.Getenv("ART"); var a *corpus.Article; var err error
 if path==""{a,err=corpus.Default()}else{a,err=corpus.Load(path)}; if err!=nil{t.Fatal(err)}
 ix,err:=New(context.Background(),a,Options{}); if err!=nil{t.Fatal(err)}
 f,_:=os.Open(os.Getenv("QS")); sc:=bufio.NewScanner(f)
 for sc.Scan(){var c struct{Q string `json:"q"`; P []int `json:"p"`; Off bool `json:"off"`}; json.Unmarshal(sc.Bytes(),&c)
  terms:=ix.queryTerms(c.Q); var total,reached,best float64; nm:=0
  desc:=""
  for _,qt:=range terms{total+=qt.weight; r:=qt.weight*qt.best(); reached+=r; best=math.Max(best,r); if qt.best()>0{nm++}; desc+=fmt.Sprintf(" %s:%.1f/%.2f",qt.surface,qt.weight,qt.best())}
  cov:=0.0; if total>0{cov=reached/total}
  pc:=0.0; sc2:=0.0
  for _,p:=range a.Passages{ r:=0.0; for _,qt:=range terms{ f:=0.0; for _,al:=range qt.alts{ for i,s:=range ix.sents{ if s.passage!=p.Number{continue}; _=i; for _,tk:=range s.tokens{ if tk.term==al.term{f=math.Max(f,al.factor)}}}}; r+=qt.weight*f}; if total>0{pc=math.Max(pc,r/total)}}
  for _,s:=range ix.sents{ r:=0.0; for _,qt:=range terms{ f:=0.0; for _,al:=range qt.alts{ for _,tk:=range s.tokens{ if tk.term==al.term{f=math.Max(f,al.factor)}}}; r+=qt.weight*f}; if total>0{sc2=math.Max(sc2,r/total)}}
  desc=fmt.Sprintf(" pcov=%.2f scov=%.2f",pc,sc2)+desc
  lab:="ON "; if c.Off{lab="OFF"}
  fmt.Printf("%s cov=%.2f best=%.1f nm=%d/%d |%s| %s\n",lab,cov,best,nm,len(terms),c.Q,desc)
 }
}
