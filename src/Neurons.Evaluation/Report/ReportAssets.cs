namespace Neurons.Evaluation.Report;

/// <summary>The inline stylesheet and gallery script of the report (no network: nothing is fetched).</summary>
internal static class ReportAssets
{
    public const string Style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1d232a;background:#f6f7f9}
        header{background:#1d3557;color:#fff;padding:14px 24px}header a{color:#cfe3ff;margin-right:14px}
        main{padding:8px 24px 40px;max-width:1400px}
        section{background:#fff;border:1px solid #dde1e6;border-radius:6px;padding:12px 18px;margin:16px 0}
        h2{margin:4px 0 10px;font-size:1.25em}h3{font-size:1.05em;margin:14px 0 6px}
        table{border-collapse:collapse;font-size:.9em}td,th{border-bottom:1px solid #e3e6ea;padding:3px 10px;text-align:left}
        td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
        .empty{color:#8a4b08;background:#fff4e0;border-left:4px solid #e6a23c;padding:6px 10px}
        .bars{display:grid;grid-template-columns:max-content 1fr max-content;gap:2px 8px;font-size:.85em;max-width:760px}
        .bars i{display:block;background:#457b9d;height:12px;margin-top:3px;min-width:1px}
        .plots img{max-width:100%;width:640px;border:1px solid #e3e6ea;margin:4px}
        .card{border:1px solid #dde1e6;border-radius:6px;padding:8px;margin:8px 0;background:#fff}
        .card img{display:block;max-width:100%;margin:2px 0}
        .strip{display:flex;gap:2px;margin:2px 0;align-items:flex-start}.strip img,.strip .ov{width:96px;height:auto;margin:0;flex:none}
        .strip img.mask{image-rendering:pixelated;background:#000}.strip video{max-width:100%}
        .ov{position:relative;display:block}.ov img{width:100%;height:auto}
        .ov img.over{position:absolute;left:0;top:0;width:100%;height:100%;mix-blend-mode:multiply;opacity:.7;image-rendering:pixelated}
        .row-label{font-size:.75em;color:#556;margin-top:4px}
        .chips span{display:inline-block;background:#e8f0f7;border-radius:9px;padding:0 7px;margin:1px;font-size:.8em}
        .metrics{font-size:.8em;color:#445}
        .controls{display:flex;gap:10px;align-items:center;flex-wrap:wrap;margin-bottom:8px}
        """;

    public const string GalleryScript = """
        (function(){
          var data=JSON.parse(document.getElementById('gallery-data').textContent);
          var per=24,page=0,key='clip',dir=1;
          var list=document.getElementById('gallery-list'),info=document.getElementById('gallery-page');
          var sel=document.getElementById('gallery-sort'),order=document.getElementById('gallery-order');
          function esc(s){return String(s).replace(/[&<>"']/g,function(c){return '&#'+c.charCodeAt(0)+';';});}
          function val(c){if(key==='clip')return c.id;var v=c.metrics[key];return (v===undefined||v===null)?null:v;}
          function sorted(){return data.slice().sort(function(a,b){var x=val(a),y=val(b);
            if(x===null&&y===null)return a.id<b.id?-1:1;if(x===null)return 1;if(y===null)return -1;
            if(x<y)return -dir;if(x>y)return dir;return a.id<b.id?-1:1;});}
          function strip(srcs,alt,cls){return '<div class="strip">'+srcs.map(function(s,i){return '<img loading="lazy"'+(cls?' class="'+cls+'"':'')+' alt="'+esc(alt)+' '+(i+1)+'" src="'+esc(s)+'">';}).join('')+'</div>';}
          function overlay(c){return '<div class="strip">'+c.frames.map(function(s,i){return '<span class="ov"><img loading="lazy" alt="frame '+(i+1)+' of '+esc(c.id)+'" src="'+esc(s)+'">'+
            (c.key_masks[i]?'<img class="over" loading="lazy" alt="key object '+esc(c.key)+' in frame '+(i+1)+'" src="'+esc(c.key_masks[i])+'">':'')+'</span>';}).join('')+'</div>';}
          function card(c){var h='<div class="card" data-clip="'+esc(c.id)+'"><b>'+esc(c.id)+'</b>';
            h+='<div class="row-label">ground-truth frames</div>'+strip(c.frames,'frame of '+c.id);
            if(c.key_masks)h+='<div class="row-label">key object: '+esc(c.key)+' (outside dimmed)</div>'+overlay(c);
            h+='<div>ground truth: '+esc(c.caption)+'</div><div class="chips">';
            c.concepts.forEach(function(n){h+='<span>'+esc(n)+'</span>';});h+='</div><div class="metrics">';
            Object.keys(c.metrics).forEach(function(k){var v=c.metrics[k];h+=esc(k)+': '+(v===null?'–':Number(v).toFixed(3))+' ';});
            h+='</div>';
            c.dec.forEach(function(d){h+='<div><b>subject '+d.s+'</b> decoded: '+esc(d.caption)+'</div>';
              if(d.top.length){h+='<div class="bars">';d.top.forEach(function(t){h+='<span>'+esc(t[0])+'</span><i style="width:'+(100*t[1]).toFixed(1)+'%"></i><span>'+Number(t[1]).toFixed(2)+'</span>';});h+='</div>';}
              if(d.blurry)h+='<div class="row-label">blurry frames</div>'+strip(d.blurry,'blurry frame');
              if(d.masks)h+='<div class="row-label">predicted masks</div>'+strip(d.masks,'predicted mask','mask');
              if(d.video)h+='<div class="row-label">generated video</div>'+(/\.mp4$/.test(d.video)?'<video controls muted loop preload="none" src="'+esc(d.video)+'"></video>':'<img loading="lazy" alt="generated video" src="'+esc(d.video)+'">');});
            return h+'</div>';}
          function render(){var s=sorted(),pages=Math.max(1,Math.ceil(s.length/per));page=Math.min(page,pages-1);
            list.innerHTML=s.slice(page*per,(page+1)*per).map(card).join('');
            info.textContent='page '+(page+1)+' of '+pages+' ('+s.length+' clips)';}
          sel.addEventListener('change',function(){key=sel.value;page=0;render();});
          order.addEventListener('change',function(){dir=order.value==='asc'?1:-1;page=0;render();});
          document.getElementById('gallery-prev').addEventListener('click',function(){if(page>0){page--;render();}});
          document.getElementById('gallery-next').addEventListener('click',function(){page++;render();});
          render();
        })();
        """;
}
